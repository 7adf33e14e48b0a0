package dev.sluice.server.lifecycle;

import static dev.sluice.server.lifecycle.ApplicationClusterFixture.CLUSTER;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.WAIT;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * DELETE of an Application-mode cluster whose job runs, with real Flink processes: the job is
 * stopped with a savepoint (a STOP in its history, the savepoint kept), then the cluster and its
 * processes go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationClusterDeleteITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path work;
    private ApplicationClusterFixture sluice;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        sluice = ApplicationClusterFixture.start(work);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    void deletingTheClusterStopsItsJobWithASavepointFirst() throws IOException {
        Answer created =
                sluice.api()
                        .put(
                                CLUSTER,
                                sluice.cluster(TestFlink.TEST_MEMORY_MB, "counter.jar", null));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await("job RUNNING", WAIT, () -> "RUNNING".equals(sluice.job().path("status").asString()));
        await("counts", WAIT, () -> minCount(sluice.out()) >= 3);
        Job job =
                sluice.server()
                        .context()
                        .getBean(JobStore.class)
                        .find(ArmId.cluster("sub1", "rg1", "pool1", "app1").clusterKey(), "app1")
                        .orElseThrow();
        String deploymentId = sluice.clusterProperties().path("deploymentId").asString();
        Path state = work.resolve("data/clusters").resolve(deploymentId).resolve("cluster.json");
        long jobManagerPid = JSON.readTree(state.toFile()).path("jobManagerPid").asLong();

        Answer accepted = sluice.api().delete(CLUSTER);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer[] done = new Answer[1];
        await(
                "delete",
                WAIT,
                () -> (done[0] = sluice.api().getUrl(accepted.header("Location"))).status() != 202);

        assertThat(done[0].status()).as(done[0].raw()).isEqualTo(204);
        assertThat(sluice.api().get(CLUSTER).status()).isEqualTo(404);
        assertThat(state).doesNotExist();
        assertThat(ProcessHandle.of(jobManagerPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        JobAction stop =
                sluice.server().context().getBean(ActionStore.class).listForJob(job.id(), 1).get(0);
        assertThat(stop.type()).isEqualTo(JobActionType.STOP);
        assertThat(stop.outcome().result()).as(stop.toString()).isEqualTo(ActionResult.SUCCESS);
        List<SavepointRecord> kept =
                sluice.server().context().getBean(SavepointHistory.class).listForJob(job.id());
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).kind()).isEqualTo(SavepointKind.STOP);
        assertThat(Path.of(URI.create(kept.get(0).uri())).resolve("_metadata")).exists();
    }
}
