package dev.sluice.server.job;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A Sluice server of one job API test class, with a pool and a session cluster that points at the
 * shared Flink, the example jar in storage, and the calls those tests make.
 */
final class JobApiFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    static final String CLUSTER = POOL + "/clusters/flink1";

    private final Path work;
    private final Path jars;
    private final SessionFlink flink;
    private SluiceTestServer server;
    private ArmClient api;

    private JobApiFixture(Path work, SessionFlink flink) throws IOException {
        this.work = work;
        this.flink = flink;
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
    }

    /** Starts the server and creates the pool and the cluster, waiting until it is provisioned. */
    static JobApiFixture start(Path work, SessionFlink flink) throws IOException {
        JobApiFixture fixture = new JobApiFixture(work, flink);
        fixture.startServer(c -> {});
        ArmClient api = fixture.api;
        assertThat(api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        Answer created =
                api.put(
                        CLUSTER,
                        """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                                .formatted(work.resolve("storage").toUri(), flink.restUrl()));
        assertThat(created.status()).as(created.raw()).isIn(200, 201);
        await(
                "cluster provisioned",
                WAIT,
                () ->
                        "Succeeded"
                                .equals(
                                        api.get(CLUSTER)
                                                .body()
                                                .path("properties")
                                                .path("provisioningState")
                                                .asString()));
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
                                "sluice.actions.checkpoint-interval",
                                "1s"),
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

    String newJob(String name, String args) {
        return """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s","flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s"}}}
                """
                .formatted(name, jars.toUri(), args);
    }

    static String action(String name, String action, String extra) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\""
                + name
                + "\",\"action\":\""
                + action
                + "\""
                + (extra == null ? "" : "," + extra)
                + "}}";
    }

    static String args(Path output) {
        return "--output " + output + " --rate 20 --keys 2";
    }

    /** Sends runJob, expects 202, and polls Location until the action ended; returns the job. */
    JsonNode run(String body) {
        Answer accepted = api.post(CLUSTER + "/runJob", body);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.body().path("properties").path("actionResult").asString())
                .isEqualTo("IN_PROGRESS");
        JsonNode done = awaitOperation(accepted.header("Location"));
        assertThat(done.path("actionResult").asString()).as(done.toString()).isEqualTo("SUCCESS");
        return done;
    }

    JsonNode awaitOperation(String location) {
        Answer done = awaitEnded(location);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        return done.body().path("properties");
    }

    /** Polls an operation's Location until it stops answering 202; returns that answer. */
    Answer awaitEnded(String location) {
        Answer[] last = new Answer[1];
        await(
                "operation " + location,
                WAIT,
                () -> (last[0] = api.getUrl(location)).status() != 202);
        return last[0];
    }

    JsonNode job(String name) {
        return api.get(CLUSTER + "/jobs/" + name).body().path("properties");
    }

    void awaitStatus(String name, String status, Duration timeout) {
        await(
                name + " " + status,
                timeout,
                () -> status.equals(job(name).path("status").asString()));
    }

    /** Stops the server and cancels the jobs it left running on the shared Flink. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        flink.cancelRunningJobs();
    }
}
