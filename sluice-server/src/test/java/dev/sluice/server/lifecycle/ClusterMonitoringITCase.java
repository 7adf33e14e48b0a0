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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local cluster with {@code prometheusProfile.enabled} and a {@code historyServer} profile: its
 * JobManager and TaskManager answer Prometheus scrapes with Flink's metrics on the ports its GET
 * shows, and a stopped job appears in its HistoryServer, which archives to {@code
 * <storage>/<deployment id>/completed-jobs}.
 */
class ClusterMonitoringITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String VERSION = "?api-version=" + ArmClient.API_VERSION;
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/watched";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void prometheusScrapesAndTheHistoryServerShowTheCluster() throws IOException {
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
                          "prometheusProfile":{"enabled":true},
                          "flinkProfile":{"storage":{"storageUri":"%s"},"flinkVersion":"1.20",
                          "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                          "historyServer":{"cpu":1,"memory":%d},
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"32m"}}}}}
                        """
                                .formatted(
                                        data.resolve("storage").toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await(
                "cluster provisioned",
                WAIT,
                () -> "Succeeded".equals(properties(api).path("provisioningState").asString()));

        JsonNode prometheus = properties(api).path("sluiceEndpoints").path("prometheus");
        assertThat(prometheus.path("jobmanager").asString()).startsWith("http://127.0.0.1:");
        assertThat(prometheus.path("taskmanager-0").asString()).startsWith("http://127.0.0.1:");
        await(
                "the JobManager's metrics",
                WAIT,
                () ->
                        scrape(prometheus.path("jobmanager").asString())
                                .filter(text -> text.contains("flink_jobmanager_"))
                                .isPresent());
        await(
                "the TaskManager's metrics",
                WAIT,
                () ->
                        scrape(prometheus.path("taskmanager-0").asString())
                                .filter(text -> text.contains("flink_taskmanager_"))
                                .isPresent());

        await(
                "the HistoryServer's URL",
                WAIT,
                () ->
                        !properties(api)
                                .path("sluiceEndpoints")
                                .path("historyServer")
                                .isMissingNode());
        String historyServer =
                properties(api).path("sluiceEndpoints").path("historyServer").asString();
        Answer accepted =
                api.post(
                        CLUSTER + "/runJob" + VERSION,
                        """
                        {"properties":{"jobType":"FlinkJob","jobName":"counter","action":"NEW",
                         "jobJarDirectory":"%s","jarName":"counter.jar",
                         "entryClass":"dev.sluice.examples.counter.CounterJob",
                         "args":"--output %s --rate 20 --keys 2",
                         "flinkConfiguration":{"parallelism":"1"}}}
                        """
                                .formatted(jars.toUri(), out));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        await("job running", WAIT, () -> "RUNNING".equals(job(api).path("status").asString()));
        await("counts", WAIT, () -> minCount(out) >= 10);
        String flinkJobId = job(api).path("jobId").asString();
        Answer stop =
                api.post(
                        CLUSTER + "/runJob" + VERSION,
                        "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"counter\","
                                + "\"action\":\"STOP\"}}");
        assertThat(stop.status()).as(stop.raw()).isEqualTo(202);

        await(
                "the stopped job in the HistoryServer",
                WAIT,
                () ->
                        scrape(historyServer + "/jobs/overview")
                                .filter(text -> text.contains(flinkJobId))
                                .isPresent());
        String deploymentId = properties(api).path("deploymentId").asString();
        try (var archived =
                Files.list(
                        data.resolve("storage").resolve(deploymentId).resolve("completed-jobs"))) {
            assertThat(archived.map(p -> p.getFileName().toString())).contains(flinkJobId);
        }
    }

    /** The body of a GET, empty while nothing answers there. */
    private static Optional<String> scrape(String url) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode properties(ArmClient api) {
        return api.get(CLUSTER + VERSION).body().path("properties");
    }

    private static JsonNode job(ArmClient api) {
        return api.get(CLUSTER + "/jobs/counter" + VERSION).body().path("properties");
    }
}
