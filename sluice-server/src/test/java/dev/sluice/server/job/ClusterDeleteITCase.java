package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.action;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.testing.ArmClient.Answer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * DELETE of a session cluster whose jobs run, against real Flink: a savepoint that cannot be
 * written fails the delete and loses nothing; otherwise every running job is stopped with a
 * savepoint (a STOP in its history, the savepoint kept), then the cluster goes, and a cluster made
 * again on the same storage lists those savepoints.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDeleteITCase {

    private final List<String> savepoints = new ArrayList<>();
    private Path work;
    private SessionFlink session;
    private JobApiFixture sluice;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        this.work = work;
        this.session = session;
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void aSavepointThatFailsFailsTheDeleteAndKeepsClusterAndJobs() throws IOException {
        Path out = work.resolve("out-blocked");
        sluice.run(sluice.newJob("blocked", args(out)));
        await("counts", WAIT, () -> minCount(out) >= 3);
        // A regular file where the savepoint directory should be: no savepoint can be written.
        Path directory = savepointDirectory("blocked");
        removeTree(directory);
        Files.createDirectories(directory.getParent());
        Files.writeString(directory, "not a directory");

        Answer accepted = sluice.api().delete(CLUSTER);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer failed = sluice.awaitEnded(accepted.header("Location"));

        assertThat(failed.status()).as(failed.raw()).isEqualTo(409);
        assertThat(failed.errorCode()).isEqualTo("ClusterDeletionFailed");
        assertThat(failed.body().path("error").path("message").asString())
                .contains("'blocked'")
                .contains("was not deleted");
        assertThat(
                        sluice.api()
                                .getUrl(accepted.header("Azure-AsyncOperation"))
                                .body()
                                .path("status")
                                .asString())
                .isEqualTo("Failed");
        Answer cluster = sluice.api().get(CLUSTER);
        assertThat(cluster.status()).isEqualTo(200);
        assertThat(cluster.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Succeeded");
        JsonNode job = sluice.job("blocked");
        assertThat(job.path("action").asString()).isEqualTo("STOP");
        assertThat(job.path("actionResult").asString()).isEqualTo("FAILED");
        sluice.awaitStatus("blocked", "RUNNING", WAIT);
        assertThat(sluice.api().get(CLUSTER + "/jobs/blocked/savepoints").status()).isEqualTo(200);
        long before = minCount(out);
        await("counts go on", WAIT, () -> minCount(out) > before);

        Files.delete(directory);
    }

    @Test
    @Order(2)
    void runningJobsAreStoppedWithASavepointThenTheClusterIsDeleted() {
        Path out = work.resolve("out-second");
        sluice.run(sluice.newJob("second", args(out)));
        await("counts", WAIT, () -> minCount(out) >= 3);
        String clusterKey = ArmId.cluster("sub1", "rg1", "pool1", "flink1").clusterKey();
        List<Job> clusterJobs =
                sluice.server().context().getBean(JobStore.class).listByCluster(clusterKey);
        assertThat(clusterJobs).extracting(Job::name).containsExactly("blocked", "second");

        Answer accepted = sluice.api().delete(CLUSTER);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer done = sluice.awaitEnded(accepted.header("Location"));

        assertThat(done.status()).as(done.raw()).isEqualTo(204);
        assertThat(sluice.api().get(CLUSTER).status()).isEqualTo(404);
        ActionStore actions = sluice.server().context().getBean(ActionStore.class);
        SavepointHistory history = sluice.server().context().getBean(SavepointHistory.class);
        for (Job job : clusterJobs) {
            JobAction stop = actions.listForJob(job.id(), 1).get(0);
            assertThat(stop.type()).isEqualTo(JobActionType.STOP);
            assertThat(stop.outcome().result()).as(stop.toString()).isEqualTo(ActionResult.SUCCESS);
            List<SavepointRecord> kept = history.listForJob(job.id());
            assertThat(kept).hasSize(1);
            assertThat(kept.get(0).kind()).isEqualTo(SavepointKind.STOP);
            assertThat(kept.get(0).actionId()).isEqualTo(stop.id());
            assertThat(Path.of(URI.create(kept.get(0).uri())).resolve("_metadata")).exists();
            savepoints.add(kept.get(0).entry().name());
        }
    }

    @Test
    @Order(3)
    void theSameClusterMadeAgainListsTheKeptSavepoints() {
        Answer created =
                sluice.api()
                        .put(
                                CLUSTER,
                                """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                                        .formatted(
                                                work.resolve("storage").toUri(),
                                                session.restUrl()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        sluice.awaitEnded(created.header("Location"));
        sluice.run(sluice.newJob("second", args(work.resolve("out-again"))));

        String listing =
                sluice.run(action("second", "LIST_SAVEPOINT", null)).path("jobOutput").asString();

        assertThat(listing).contains(savepoints.get(1));
    }

    private Path savepointDirectory(String job) {
        return Path.of(
                URI.create(
                        sluice.job(job)
                                .path("flinkConfiguration")
                                .path(JobService.SAVEPOINT_DIRECTORY)
                                .asString()));
    }

    private static void removeTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
