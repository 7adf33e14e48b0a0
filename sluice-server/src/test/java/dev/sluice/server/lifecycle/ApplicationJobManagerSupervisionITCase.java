package dev.sluice.server.lifecycle;

import static dev.sluice.server.lifecycle.ApplicationClusterFixture.CLUSTER;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.WAIT;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JobManager of an Application-mode cluster killed with SIGKILL: the cluster is deployed again
 * by a RE_LAUNCH of Sluice's own, whose new run restores the newest checkpoint; never FAILED
 * meanwhile, one Flink job afterwards, the counts continuing.
 */
class ApplicationJobManagerSupervisionITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApplicationClusterFixture sluice;
    private Path work;

    @AfterEach
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    void aKilledApplicationJobManagerIsDeployedAgainFromTheNewestCheckpoint(@TempDir Path work)
            throws IOException {
        this.work = work;
        sluice = ApplicationClusterFixture.start(work);
        Path out = sluice.out();
        Answer created =
                sluice.api()
                        .put(
                                CLUSTER,
                                sluice.cluster(TestFlink.TEST_MEMORY_MB, "counter.jar", null));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await("job RUNNING", WAIT, () -> "RUNNING".equals(sluice.job().path("status").asString()));
        await("counts", WAIT, () -> minCount(out) >= 100);
        String lostJobId = sluice.job().path("jobId").asString();
        long checkpointed = minCount(out);
        TestFlink.awaitCheckpoints(sluice.flink(), lostJobId, 1);
        long killedPid = clusterJson().path("jobManagerPid").asLong();

        ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();

        List<String> seen = new ArrayList<>();
        await(
                "job deployed again and running",
                WAIT,
                () -> {
                    JsonNode detail = sluice.api().get(CLUSTER + "/jobs/app1").body();
                    JsonNode job = detail.path("properties");
                    String status = job.path("status").asString();
                    seen.add(status + ": " + detail.path("statusReason").asString(""));
                    return "RUNNING".equals(status)
                            && !lostJobId.equals(job.path("jobId").asString())
                            && !"IN_PROGRESS".equals(job.path("actionResult").asString());
                });
        assertThat(seen).noneMatch(s -> s.startsWith("FAILED"));
        assertThat(seen)
                .anyMatch(
                        s ->
                                (s.startsWith("UNKNOWN") || s.startsWith("RESTARTING"))
                                        && s.contains("JobManager")
                                        && s.contains("died"));
        long newPid = clusterJson().path("jobManagerPid").asLong();
        assertThat(newPid).isNotEqualTo(killedPid);
        List<JsonNode> relaunches = new ArrayList<>();
        sluice.api()
                .get(CLUSTER + "/jobs/app1")
                .body()
                .path("actions")
                .forEach(
                        a -> {
                            if (a.path("principal").asString().equals("sluice:supervision")) {
                                relaunches.add(a);
                            }
                        });
        assertThat(relaunches).hasSize(1);
        assertThat(relaunches.get(0).path("action").asString()).isEqualTo("RE_LAUNCH");
        assertThat(relaunches.get(0).path("actionResult").asString()).isEqualTo("SUCCESS");

        List<Long> counts = new ArrayList<>();
        await(
                "counts continue",
                WAIT,
                () -> {
                    counts.add(minCount(out));
                    return counts.get(counts.size() - 1) > checkpointed + 100;
                });
        assertThat(counts).allMatch(c -> c >= checkpointed);
        String running = sluice.job().path("jobId").asString();
        assertThat(
                        sluice.flink().jobsOverview().stream()
                                .filter(j -> !j.state().isGloballyTerminal())
                                .toList())
                .hasSize(1)
                .allMatch(j -> j.jobId().equals(running));
    }

    private JsonNode clusterJson() {
        String deploymentId = sluice.clusterProperties().path("deploymentId").asString();
        return JSON.readTree(
                work.resolve("data/clusters")
                        .resolve(deploymentId)
                        .resolve("cluster.json")
                        .toFile());
    }
}
