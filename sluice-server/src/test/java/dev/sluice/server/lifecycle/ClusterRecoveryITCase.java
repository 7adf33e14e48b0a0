package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A restarted server resumes each cluster from its record: it finishes a provisioning and a delete
 * that the previous server was stopped in the middle of, and adopts running processes.
 */
class ClusterRecoveryITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String VERSION = "?api-version=" + ArmClient.API_VERSION;
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/resumed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path data;

    private SluiceTestServer server;
    private ArmClient api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        new LocalProcessDeployer(data, TestFlink.runtimes(), RestFlinkClient::new, Duration.ZERO)
                .stopAll();
    }

    private void restart() {
        if (server != null) {
            server.close();
        }
        server = SluiceTestServer.start(data, Map.of(), context -> {});
        api = server.api();
    }

    private JsonNode properties() {
        Answer answer = api.get(CLUSTER + VERSION);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().path("properties");
    }

    /** The operation's status, asked of the current server (each one has its own port). */
    private String operationStatus(String url) {
        URI uri = URI.create(url);
        return api.get(uri.getRawPath() + "?" + uri.getRawQuery()).body().path("status").asString();
    }

    private long jobManagerPid(String deploymentId) throws IOException {
        return JSON.readTree(
                        data.resolve("clusters")
                                .resolve(deploymentId)
                                .resolve("cluster.json")
                                .toFile())
                .path("jobManagerPid")
                .asLong();
    }

    @Test
    void resumesProvisioningAdoptsAndFinishesADelete() throws IOException {
        restart();
        assertThat(api.put(POOL + VERSION, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Answer created =
                api.put(
                        CLUSTER + VERSION,
                        """
                        {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{
                          "flinkProfile":{"storage":{"storageUri":"%s"},
                          "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"64m"}}}}}
                        """
                                .formatted(
                                        data.resolve("storage").toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String createOperation = created.header("Azure-AsyncOperation");

        // Stopped while the cluster is still being provisioned: the next server finishes it.
        restart();
        await(
                "provisioning resumed",
                WAIT,
                () -> !operationStatus(createOperation).equals("InProgress"));
        assertThat(operationStatus(createOperation)).isEqualTo("Succeeded");
        JsonNode provisioned = properties();
        assertThat(provisioned.path("provisioningState").asString()).isEqualTo("Succeeded");
        String deploymentId = provisioned.path("deploymentId").asString();
        long pid = jobManagerPid(deploymentId);
        String restUrl =
                provisioned.path("clusterProfile").path("flinkProfile").path("restUrl").asString();

        // Running processes are adopted, not started again.
        restart();
        await("adopted", WAIT, () -> "Running".equals(properties().path("status").asString()));
        assertThat(jobManagerPid(deploymentId)).isEqualTo(pid);
        assertThat(
                        properties()
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("restUrl")
                                .asString())
                .isEqualTo(restUrl);

        // Stopped right after a DELETE was accepted: the next server finishes the delete.
        Answer deleting = api.delete(CLUSTER + VERSION);
        assertThat(deleting.status()).isEqualTo(202);
        String deleteOperation = deleting.header("Azure-AsyncOperation");
        restart();
        await("delete finished", WAIT, () -> operationStatus(deleteOperation).equals("Succeeded"));
        assertThat(api.get(CLUSTER + VERSION).status()).isEqualTo(404);
        await(
                "JobManager stopped",
                Duration.ofSeconds(30),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
}
