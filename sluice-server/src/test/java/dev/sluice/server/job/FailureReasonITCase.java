package dev.sluice.server.job;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.common.ArmId;
import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Failure reasons against a real Flink 1.20 cluster at the default settings: a job that fails right
 * after NEW, and one that fails while Flink's REST cache ({@code web.refresh-interval}, 3 s) holds
 * its RUNNING picture (so the first exceptions answer is empty), both get Flink's root cause in
 * their statusReason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureReasonITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/failing";

    private LocalProcessDeployer deployer;
    private FlinkClient flink;
    private SluiceTestServer server;
    private ArmClient api;
    private Path jars;
    private Path work;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        LocalCluster cluster = deployer.start(TestFlink.smallCluster("failing-it", "1.20"));
        flink = new RestFlinkClient(cluster.restUrl());
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        server = SluiceTestServer.start(work.resolve("data"), Map.of(), c -> {});
        api = server.api();
        assertThat(api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        Answer created =
                api.put(
                        CLUSTER,
                        """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                                .formatted(work.resolve("storage").toUri(), cluster.restUrl()));
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
    void aJobFailingRightAfterNewGetsItsRootCause() throws IOException {
        // The marker exists before NEW: the job fails as soon as its first record arrives.
        Path marker = work.resolve("fail-now");
        Files.writeString(marker, "fail");
        Answer accepted =
                api.post(
                        CLUSTER + "/runJob",
                        """
                {"properties":{"jobType":"FlinkJob","jobName":"doomed","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"--output %s --rate 20 --keys 2 --fail-marker %s",
                 "flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none"}}}
                """
                                .formatted(jars.toUri(), work.resolve("out"), marker));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        // Its Location answers 202 while it runs, then the job (200) or, failed, its error (400).
        await(
                "the NEW operation to end",
                WAIT,
                () -> api.getUrl(accepted.header("Location")).status() != 202);

        await(
                "doomed FAILED with Flink's root cause",
                WAIT,
                () -> {
                    return "FAILED".equals(job().path("status").asString())
                            && statusReason("doomed").contains("fail marker present");
                });
        JsonNode failed = job();
        assertThat(statusReason("doomed"))
                .doesNotContain(JobRun.CAUSE_PENDING)
                .doesNotContain("without an exception");
        if ("FAILED".equals(failed.path("actionResult").asString())) {
            // The NEW action itself saw the failure: its output names the cause too.
            assertThat(failed.path("jobOutput").asString()).contains("fail marker present");
        }
    }

    @Test
    void aFailureWhileFlinksCacheHoldsTheRunningPictureGetsItsRootCauseOnALaterRound()
            throws IOException {
        Path marker = work.resolve("fail-later");
        Answer accepted =
                api.post(
                        CLUSTER + "/runJob",
                        """
                {"properties":{"jobType":"FlinkJob","jobName":"cached","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"--output %s --rate 20 --keys 2 --fail-marker %s",
                 "flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none"}}}
                """
                                .formatted(jars.toUri(), work.resolve("out-cached"), marker));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        await(
                "cached RUNNING",
                WAIT,
                () -> "RUNNING".equals(job("cached").path("status").asString()));
        // What Flink's web UI does: GET /jobs/:id caches the job's RUNNING picture for
        // web.refresh-interval (3 s), and GET /jobs/:id/exceptions answers from that picture.
        String flinkJobId = job("cached").path("jobId").asString();
        assertThat(flink.jobDetail(flinkJobId).state()).isEqualTo(FlinkJobState.RUNNING);
        Files.writeString(marker, "fail");

        await(
                "cached FAILED with Flink's root cause",
                WAIT,
                () -> {
                    JsonNode job = job("cached");
                    return "FAILED".equals(job.path("status").asString())
                            && statusReason("cached").contains("fail marker present");
                });
        assertThat(statusReason("cached")).doesNotContain(JobRun.CAUSE_PENDING);
    }

    private JsonNode job() {
        return job("doomed");
    }

    /** The ARM API has no statusReason (the portal shows it): read the job as the API does. */
    private String statusReason(String name) {
        String reason =
                server.context()
                        .getBean(JobQueries.class)
                        .get(ArmId.cluster("sub1", "rg1", "pool1", "failing"), name)
                        .run()
                        .statusReason();
        return reason == null ? "" : reason;
    }

    private JsonNode job(String name) {
        return api.get(CLUSTER + "/jobs/" + name).body().path("properties");
    }
}
