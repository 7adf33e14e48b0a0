package dev.sluice.server.job;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.flink.SavepointOperationStatus;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drift repair against a real Flink 1.20 cluster: a job stopped with a savepoint directly through
 * Flink's REST API ({@code POST /jobs/:id/stop}, as Flink's UI and CLI do), while the server runs
 * and while it is down, shows STOPPED with that savepoint, and START resumes the counts from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftRepairITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/drift";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path work;
    private LocalProcessDeployer deployer;
    private LocalCluster flinkCluster;
    private FlinkClient flink;
    private SluiceTestServer server;
    private ArmClient api;
    private Path jars;
    private Path out;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        flinkCluster = deployer.start(TestFlink.smallCluster("drift-it", "1.20"));
        flink = new RestFlinkClient(flinkCluster.restUrl());
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        out = work.resolve("out");
        startServer();
        assertThat(api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        Answer created =
                api.put(
                        CLUSTER,
                        """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                                .formatted(
                                        work.resolve("storage").toUri(), flinkCluster.restUrl()));
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
    }

    private void startServer() {
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "sluice.observer.tick",
                                "500ms",
                                "sluice.actions.checkpoint-interval",
                                "1s"),
                        c -> {});
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (deployer != null) {
            deployer.stopAll();
        }
    }

    @Test
    @Order(1)
    void aJobStoppedThroughFlinkShowsStoppedWithThatSavepoint() throws Exception {
        run(
                """
                {"properties":{"jobType":"FlinkJob","jobName":"counter","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"--output %s --rate 20 --keys 2","flinkConfiguration":{"parallelism":"1",
                 "restart-strategy.type":"none","execution.checkpointing.interval":"1s"}}}
                """
                        .formatted(jars.toUri(), out));
        await("counts", WAIT, () -> minCount(out) >= 5);

        String savepoint = stopThroughFlink(job().path("jobId").asString(), savepointDirectory());

        awaitStatus("STOPPED");
        JsonNode stopped = job();
        assertThat(stopped.path("lastSavePoint").asString()).isEqualTo(savepoint);
        // Recorded by the observer: no action was made up for it.
        assertThat(stopped.path("action").asString()).isEqualTo("NEW");
        assertThat(stopped.path("actionResult").asString()).isEqualTo("SUCCESS");
        assertThat(api.get(CLUSTER + "/jobs/counter").body().path("actions")).hasSize(1);
        startResumesFrom(savepoint);
    }

    @Test
    @Order(2)
    void aJobStoppedThroughFlinkWhileTheServerWasDownShowsStoppedAfterItsRestart()
            throws Exception {
        String flinkJobId = job().path("jobId").asString();
        String directory = savepointDirectory();
        server.close();
        server = null;

        String savepoint = stopThroughFlink(flinkJobId, directory);
        startServer();

        awaitStatus("STOPPED");
        assertThat(job().path("lastSavePoint").asString()).isEqualTo(savepoint);
        startResumesFrom(savepoint);
    }

    /**
     * What Flink's UI and CLI do: {@code POST /jobs/:id/stop} into the job's savepoint directory,
     * then polling the operation; returns the savepoint's path as Flink reports it.
     */
    private String stopThroughFlink(String flinkJobId, String directory) throws Exception {
        HttpRequest stop =
                HttpRequest.newBuilder(
                                URI.create(
                                        flinkCluster.restUrl() + "/jobs/" + flinkJobId + "/stop"))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(
                                                Map.of(
                                                        "targetDirectory",
                                                        directory,
                                                        "drain",
                                                        false))))
                        .build();
        HttpResponse<String> answer = HTTP.send(stop, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String requestId = JSON.readTree(answer.body()).path("request-id").asString();
        SavepointOperationStatus[] status = new SavepointOperationStatus[1];
        await(
                "Flink's stop with savepoint",
                WAIT,
                () -> !(status[0] = flink.savepointStatus(flinkJobId, requestId)).isInProgress());
        assertThat(status[0].isFailed()).as(status[0].failureMessage()).isFalse();
        return status[0].location();
    }

    /** START without naming a savepoint: the recorded one, and the counts go on from it. */
    private void startResumesFrom(String savepoint) {
        long atStop = minCount(out);
        assertThat(atStop).isPositive();

        JsonNode started =
                run(
                        "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"counter\","
                                + "\"action\":\"START\"}}");

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        assertThat(started.path("jobOutput").asString()).contains(savepoint);
        await("counts after START", WAIT, () -> minCount(out) > atStop);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
        assertThat(
                        TestFlink.readableStats(flink, started.path("jobId").asString())
                                .restored()
                                .map(CheckpointStats.Restored::externalPath))
                .hasValueSatisfying(
                        path ->
                                assertThat(path)
                                        .endsWith(savepoint.substring(savepoint.lastIndexOf('/'))));
    }

    /** Sends runJob, expects 202, and polls Location until the action ended well. */
    private JsonNode run(String body) {
        Answer accepted = api.post(CLUSTER + "/runJob", body);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer[] last = new Answer[1];
        await(
                "operation " + accepted.header("Location"),
                WAIT,
                () -> (last[0] = api.getUrl(accepted.header("Location"))).status() == 200);
        JsonNode done = last[0].body().path("properties");
        assertThat(done.path("actionResult").asString()).as(done.toString()).isEqualTo("SUCCESS");
        return done;
    }

    private String savepointDirectory() {
        return job().path("flinkConfiguration").path("savepoint.directory").asString();
    }

    private JsonNode job() {
        return api.get(CLUSTER + "/jobs/counter").body().path("properties");
    }

    private void awaitStatus(String status) {
        await("counter " + status, WAIT, () -> status.equals(job().path("status").asString()));
    }
}
