package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
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
import java.util.function.Consumer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Sluice server with a pool and the example jar in storage, for the Application-mode tests: the
 * cluster body they PUT, and the calls they make on its one job and its Flink.
 */
final class ApplicationClusterFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(180);
    static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    static final String CLUSTER = POOL + "/clusters/app1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path work;
    private final Path jars;
    private final Path out;
    private SluiceTestServer server;
    private ArmClient api;

    private ApplicationClusterFixture(Path work) throws IOException {
        this.work = work;
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        out = work.resolve("out");
    }

    /** Starts the server on data under {@code work} and creates the pool. */
    static ApplicationClusterFixture start(Path work) throws IOException {
        ApplicationClusterFixture fixture = new ApplicationClusterFixture(work);
        fixture.startServer(c -> {});
        assertThat(fixture.api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        return fixture;
    }

    /** Starts a server on the same data; {@code init} may register beans before it starts. */
    void startServer(Consumer<ConfigurableApplicationContext> init) {
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "sluice.observer.tick",
                                "500ms",
                                "sluice.cluster-ready-timeout",
                                "180s"),
                        init);
        api = server.api();
    }

    void stopServer() {
        server.close();
    }

    SluiceTestServer server() {
        return server;
    }

    ArmClient api() {
        return api;
    }

    Path jars() {
        return jars;
    }

    /** Where the example job writes its counts. */
    Path out() {
        return out;
    }

    /** Stops the server and every Flink process it started. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        new LocalProcessDeployer(
                        work.resolve("data"),
                        TestFlink.runtimes(),
                        RestFlinkClient::new,
                        Duration.ZERO)
                .stopAll();
    }

    String cluster(long memoryMb, String jarName, String historyServer) {
        return """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},
                  "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},%s
                  "numReplicas":1,"flinkVersion":"1.20","deploymentMode":"Application",
                  "flinkConfiguration":{"taskmanager.memory.managed.size":"64m",
                    "execution.checkpointing.interval":"30s",
                    "pipeline.log.aggregation.enabled":"true","pipeline.log.aggregation.interval":"2"},
                  "jobSpec":{"jobJarDirectory":"jars","jarName":"%s",
                    "args":"--output %s --rate 20 --keys 2","upgradeMode":"UPDATE",
                    "flinkConfiguration":{"parallelism":"1","execution.checkpointing.interval":"1s"}}}}}}
                """
                .formatted(
                        work.resolve("storage").toUri(),
                        memoryMb,
                        memoryMb,
                        historyServer == null ? "" : "\"historyServer\":" + historyServer + ",",
                        jarName,
                        out);
    }

    static String action(String action) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"app1\",\"action\":\""
                + action
                + "\"}}";
    }

    /** Sends runJob, expects 202, and polls Location until the action ended; returns the job. */
    JsonNode run(String action) {
        Answer accepted = api.post(CLUSTER + "/runJob", action(action));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer[] last = new Answer[1];
        await(
                action + " done",
                WAIT,
                () -> (last[0] = api.getUrl(accepted.header("Location"))).status() == 200);
        JsonNode job = last[0].body().path("properties");
        assertThat(job.path("actionResult").asString()).as(job.toString()).isEqualTo("SUCCESS");
        return job;
    }

    /** Waits until the operation at {@code url} (an Azure-AsyncOperation URL) ended; its answer. */
    Answer awaitOperation(String what, String url) {
        await(
                what,
                WAIT,
                () -> !"InProgress".equals(api.getUrl(url).body().path("status").asString()));
        return api.getUrl(url);
    }

    JsonNode job() {
        return api.get(CLUSTER + "/jobs/app1").body().path("properties");
    }

    JsonNode clusterProperties() {
        return api.get(CLUSTER).body().path("properties");
    }

    FlinkClient flink() {
        return new RestFlinkClient(URI.create(restUrl()));
    }

    JsonNode flinkGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private String restUrl() {
        return clusterProperties()
                .path("clusterProfile")
                .path("flinkProfile")
                .path("restUrl")
                .asString();
    }
}
