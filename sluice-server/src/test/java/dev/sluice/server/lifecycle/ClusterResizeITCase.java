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
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Clusters_Resize on a running session cluster: 1 → 2 TaskManagers, the spec's own
 * ResizeCluster.json body (→ 5), down to 1, then 1 → 2 resumed by a server started again after the
 * first stopped mid-resize; the JobManager keeps running, Flink's {@code /taskmanagers} shows each
 * count, and the counter job keeps its Flink job id and goes on counting (a scale-down may restart
 * it from its checkpoint when its slot was on a stopped TaskManager).
 */
class ClusterResizeITCase {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String VERSION = "?api-version=" + ArmClient.API_VERSION;
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/resized";
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
    void theTaskManagersScaleUpAndDownWhileTheJobRuns() throws IOException {
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
                          "numReplicas":1,
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"32m",
                           "taskmanager.numberOfTaskSlots":"1"}}}}}
                        """
                                .formatted(
                                        data.resolve("storage").toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await("cluster provisioned", WAIT, () -> "Succeeded".equals(state(api)));
        String restUrl =
                properties(api)
                        .path("clusterProfile")
                        .path("flinkProfile")
                        .path("restUrl")
                        .asString();
        assertThat(restUrl).startsWith("http://127.0.0.1:");
        long jobManagerPid = jobManagerPid(api);
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

        resize(api, "{\"properties\":{\"targetWorkerNodeCount\":2}}", restUrl, 2);
        countsGoOn(api, out, flinkJobId);

        resize(api, fixture("resize-cluster.json"), restUrl, 5);
        countsGoOn(api, out, flinkJobId);

        resize(
                api,
                "{\"location\":\"local\",\"properties\":{\"targetWorkerNodeCount\":1}}",
                restUrl,
                1);
        countsGoOn(api, out, flinkJobId);
        assertThat(jobManagerPid(api))
                .as("the JobManager was never restarted")
                .isEqualTo(jobManagerPid);

        Answer same =
                api.post(
                        CLUSTER + "/resize" + VERSION,
                        "{\"properties\":{\"targetWorkerNodeCount\":1}}");
        assertThat(same.status()).as(same.raw()).isEqualTo(200);
        assertThat(same.header("Azure-AsyncOperation")).isNull();

        // A resize under way is the cluster's one operation; a server stopped during it resumes it.
        Answer resize =
                api.post(
                        CLUSTER + "/resize" + VERSION,
                        "{\"properties\":{\"targetWorkerNodeCount\":2}}");
        assertThat(resize.status()).as(resize.raw()).isEqualTo(202);
        Answer another =
                api.post(
                        CLUSTER + "/resize" + VERSION,
                        "{\"properties\":{\"targetWorkerNodeCount\":3}}");
        assertThat(another.status()).as(another.raw()).isEqualTo(409);
        assertThat(another.errorCode()).isEqualTo("AnotherOperationInProgress");
        server.close();
        server = SluiceTestServer.start(data, Map.of("sluice.observer.tick", "500ms"), c -> {});
        ArmClient resumed = server.api();
        String operation =
                resize.header("Azure-AsyncOperation").replaceFirst("^https?://[^/]+", "");
        await(
                "the resize resumed and ended",
                WAIT,
                () ->
                        !"InProgress"
                                .equals(resumed.get(operation).body().path("status").asString()));
        assertThat(resumed.get(operation).body().path("status").asString()).isEqualTo("Succeeded");
        assertThat(state(resumed)).isEqualTo("Succeeded");
        assertThat(taskManagers(restUrl)).as("Flink's /taskmanagers").isEqualTo(2);
        countsGoOn(resumed, out, flinkJobId);
        assertThat(jobManagerPid(resumed)).isEqualTo(jobManagerPid);
    }

    /** Resizes through the spec's operation and follows it as an ARM client does. */
    private void resize(ArmClient api, String body, String restUrl, int count) {
        Answer resize = api.post(CLUSTER + "/resize" + VERSION, body);
        assertThat(resize.status()).as(resize.raw()).isEqualTo(202);
        String operation = resize.header("Azure-AsyncOperation");
        assertThat(operation).isNotNull();
        assertThat(resize.header("Location")).isNotNull();
        // Recorded before anything changes: the cluster is Updating until its operation ends.
        assertThat(resize.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Updating");
        await(
                "resize to " + count + " ends",
                WAIT,
                () -> !"InProgress".equals(api.getUrl(operation).body().path("status").asString()));
        Answer ended = api.getUrl(operation);
        assertThat(ended.body().path("status").asString()).as(ended.raw()).isEqualTo("Succeeded");
        Answer location = api.getUrl(resize.header("Location"));
        assertThat(location.status()).as(location.raw()).isEqualTo(200);
        JsonNode properties = properties(api);
        assertThat(properties.path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(
                        properties
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("numReplicas")
                                .asInt())
                .isEqualTo(count);
        assertThat(taskManagers(restUrl)).as("Flink's /taskmanagers").isEqualTo(count);
    }

    private static void countsGoOn(ArmClient api, Path out, String flinkJobId) {
        long before = minCount(out);
        await("counts go on", WAIT, () -> minCount(out) > before + 20);
        JsonNode job = job(api);
        assertThat(job.path("jobId").asString()).isEqualTo(flinkJobId);
        assertThat(job.path("action").asString()).isEqualTo("NEW");
        await("job running", WAIT, () -> "RUNNING".equals(job(api).path("status").asString()));
    }

    private static int taskManagers(String restUrl) {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(restUrl + "/taskmanagers"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("taskmanagers").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long jobManagerPid(ArmClient api) {
        String deploymentId = properties(api).path("deploymentId").asString();
        return JSON.readTree(
                        data.resolve("clusters")
                                .resolve(deploymentId)
                                .resolve("cluster.json")
                                .toFile())
                .path("jobManagerPid")
                .asLong();
    }

    private static String state(ArmClient api) {
        return properties(api).path("provisioningState").asString();
    }

    private static JsonNode properties(ArmClient api) {
        return api.get(CLUSTER + VERSION).body().path("properties");
    }

    private static JsonNode job(ArmClient api) {
        return api.get(CLUSTER + "/jobs/counter" + VERSION).body().path("properties");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ClusterResizeITCase.class.getResourceAsStream("/arm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
