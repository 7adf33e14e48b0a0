package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TaskManager of a local cluster killed with SIGKILL is started again by the supervision, and the
 * job comes back through Flink's own restart strategy: the same Flink job, its counts continuing
 * from the checkpoint, no action of Sluice's.
 */
class TaskManagerSupervisionITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String VERSION = "?api-version=" + ArmClient.API_VERSION;
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/supervised";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path data;

    private SluiceTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        new LocalProcessDeployer(data, TestFlink.runtimes(), RestFlinkClient::new, Duration.ZERO)
                .stopAll();
    }

    @Test
    void aKilledTaskManagerIsReplacedAndTheJobsCountsContinue() throws IOException {
        Path jars = data.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        Path out = data.resolve("out");
        server = SluiceTestServer.start(data, Map.of("sluice.observer.tick", "500ms"), c -> {});
        ArmClient api = server.api();
        assertThat(api.put(POOL + VERSION, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Answer created =
                api.put(
                        CLUSTER + VERSION,
                        """
                        {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{
                          "flinkProfile":{"storage":{"storageUri":"%s"},"flinkVersion":"1.20",
                          "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"64m"}}}}}
                        """
                                .formatted(
                                        data.resolve("storage").toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await(
                "cluster provisioned",
                WAIT,
                () ->
                        "Succeeded"
                                .equals(
                                        api.get(CLUSTER + VERSION)
                                                .body()
                                                .path("properties")
                                                .path("provisioningState")
                                                .asString()));
        String deploymentId =
                api.get(CLUSTER + VERSION)
                        .body()
                        .path("properties")
                        .path("deploymentId")
                        .asString();
        Answer accepted =
                api.post(
                        CLUSTER + "/runJob" + VERSION,
                        """
                        {"properties":{"jobType":"FlinkJob","jobName":"counter","action":"NEW",
                         "jobJarDirectory":"%s","jarName":"counter.jar",
                         "entryClass":"dev.sluice.examples.counter.CounterJob",
                         "args":"--output %s --rate 20 --keys 2",
                         "flinkConfiguration":{"parallelism":"1","execution.checkpointing.interval":"1s",
                          "restart-strategy.type":"fixed-delay","restart-strategy.fixed-delay.attempts":"1000",
                          "restart-strategy.fixed-delay.delay":"1s"}}}
                        """
                                .formatted(jars.toUri(), out));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        await("job running", WAIT, () -> "RUNNING".equals(job(api).path("status").asString()));
        await("counts and a checkpoint", WAIT, () -> minCount(out) >= 40);
        String flinkJobId = job(api).path("jobId").asString();
        long killed = taskManagerPids(deploymentId).get(0).asLong();
        long before = minCount(out);

        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        await(
                "TaskManager replaced",
                WAIT,
                () -> {
                    long now = taskManagerPids(deploymentId).get(0).asLong();
                    return now != killed
                            && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
                });
        await("counts continue", WAIT, () -> minCount(out) > before + 40);
        JsonNode job = job(api);
        assertThat(job.path("status").asString()).isEqualTo("RUNNING");
        assertThat(job.path("jobId").asString()).isEqualTo(flinkJobId);
        assertThat(job.path("action").asString()).isEqualTo("NEW");
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private static JsonNode job(ArmClient api) {
        return api.get(CLUSTER + "/jobs/counter" + VERSION).body().path("properties");
    }

    private JsonNode taskManagerPids(String deploymentId) {
        try {
            return JSON.readTree(
                            data.resolve("clusters")
                                    .resolve(deploymentId)
                                    .resolve("cluster.json")
                                    .toFile())
                    .path("taskManagerPids");
        } catch (RuntimeException e) {
            // Read while the supervision rewrites it: try again.
            return JSON.createArrayNode().add(-1);
        }
    }
}
