package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceProcess;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import dev.sluice.server.testing.TestFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kills a real Sluice server process with SIGKILL while the rollback of a failed UPDATE ({@code
 * sluice.update.rollback}) is held right after each step it records, one job per step, all in one
 * kill; the next server on the same data finishes every rollback: the UPDATE ends FAILED with
 * "rolled back", the previous version runs again as the job's only Flink job, with its own args,
 * and its counts go on from the UPDATE's savepoint.
 */
class RollbackCrashITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String POOL =
            "/subscriptions/crash/resourceGroups/rg/providers/Microsoft.HDInsight/clusterpools/pool";
    private static final String CLUSTER = POOL + "/clusters/flink";
    private static final List<String> STEPS =
            List.of(
                    "rollback-started",
                    "rollback-cancelled",
                    "rollback-submitting",
                    "rollback-submitted");

    @TempDir Path work;

    private LocalProcessDeployer deployer;
    private SluiceProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (deployer != null) {
            deployer.stopAll();
        }
    }

    @Test
    void aRollbackKilledAtEachOfItsStepsEndsOnTheNextServer() throws Exception {
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        LocalCluster cluster =
                deployer.start(
                        new LocalClusterSpec(
                                "rollback-crash",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                8,
                                Map.of("taskmanager.memory.managed.size", "16m")));
        FlinkClient flink = new RestFlinkClient(cluster.restUrl());
        Path data = work.resolve("data");
        Path log = work.resolve("server.log");
        Holds holds = new Holds(work.resolve("holds.properties"));
        holds.clear();
        Map<String, String> properties = Map.of("sluice.observer.tick", "500ms");
        server = SluiceProcess.start(data, holds.file(), log, properties);
        Path jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        createCluster(cluster);
        Path marker = work.resolve("fail-marker");
        Files.writeString(marker, "fail");

        Map<String, String> locations = new HashMap<>();
        Map<String, Long> atUpdate = new HashMap<>();
        for (int i = 0; i < STEPS.size(); i++) {
            String job = "rb" + i;
            Answer created = server.api().post(CLUSTER + "/runJob", newJob(job, jars, out(job)));
            assertThat(created.status()).as(created.raw()).isEqualTo(202);
        }
        for (int i = 0; i < STEPS.size(); i++) {
            String job = "rb" + i;
            await(job + " running", WAIT, () -> "RUNNING".equals(status(job)));
            await(job + " counts", WAIT, () -> minCount(out(job)) >= 10);
            atUpdate.put(job, minCount(out(job)));
            holds.hold(job, STEPS.get(i));
            Answer accepted =
                    server.api()
                            .post(
                                    CLUSTER + "/runJob",
                                    "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\""
                                            + job
                                            + "\",\"action\":\"UPDATE\",\"args\":\""
                                            + args(out(job))
                                            + " --fail-marker "
                                            + marker
                                            + "\"}}");
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            locations.put(job, accepted.header("Location"));
        }
        for (int i = 0; i < STEPS.size(); i++) {
            String job = "rb" + i;
            String step = STEPS.get(i);
            await(
                    job + " held at " + step,
                    WAIT,
                    () -> {
                        JsonNode last = lastAction(job);
                        assertThat(last.path("actionResult").asString())
                                .as(job + " ended before " + step + ": " + last)
                                .isEqualTo("IN_PROGRESS");
                        return step.equals(last.path("step").asString(null));
                    });
        }

        server.kill();
        holds.clear();
        server = SluiceProcess.start(data, holds.file(), log, properties);

        List<String> running = new ArrayList<>();
        for (String job : locations.keySet()) {
            String location =
                    locations
                            .get(job)
                            .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + server.port());
            Answer[] ended = new Answer[1];
            await(
                    job + " UPDATE ended",
                    WAIT,
                    () -> (ended[0] = server.api().getUrl(location)).status() != 202);
            assertThat(ended[0].errorCode())
                    .as(job + ": " + ended[0].raw())
                    .isEqualTo("ActionFailed");
            assertThat(ended[0].body().path("error").path("message").asString())
                    .as(job)
                    .contains("rolled back: the previous version runs again");
            JsonNode detail = server.api().get(CLUSTER + "/jobs/" + job).body().path("properties");
            assertThat(detail.path("status").asString()).as(job).isEqualTo("RUNNING");
            assertThat(detail.path("args").asString()).as(job).isEqualTo(args(out(job)));
            running.add(detail.path("jobId").asString());
            await(job + " counts go on", WAIT, () -> minCount(out(job)) > atUpdate.get(job) + 10);
        }
        // Each was resumed by the next server from the step it was killed at.
        String serverLog = Files.readString(log);
        for (int i = 0; i < STEPS.size(); i++) {
            assertThat(serverLog)
                    .containsPattern(
                            "Resuming UPDATE of job rb" + i + " \\(.*last step " + STEPS.get(i));
        }
        assertThat(
                        flink.jobsOverview().stream()
                                .filter(j -> !j.state().isGloballyTerminal())
                                .map(JobOverview::jobId)
                                .toList())
                .as("one live Flink job per job, its recorded one")
                .containsExactlyInAnyOrderElementsOf(running);
    }

    private void createCluster(LocalCluster flinkCluster) {
        assertThat(server.api().put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        ExternalClusters.register(
                server.api(), CLUSTER, work.resolve("storage"), flinkCluster.restUrl());
    }

    private static String newJob(String job, Path jars, Path out) {
        return """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar",
                 "entryClass":"dev.sluice.examples.counter.CounterJob","args":"%s",
                 "flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s","sluice.update.rollback":"true",
                 "sluice.update.rollback.timeout":"30s"}}}
                """
                .formatted(job, jars.toUri(), args(out));
    }

    private static String args(Path out) {
        return "--output " + out + " --rate 10 --keys 2";
    }

    private Path out(String job) {
        return work.resolve("out").resolve(job);
    }

    private String status(String job) {
        return server.api()
                .get(CLUSTER + "/jobs/" + job)
                .body()
                .path("properties")
                .path("status")
                .asString();
    }

    private JsonNode lastAction(String job) {
        return server.api().get(CLUSTER + "/jobs/" + job).body().path("actions").path(0);
    }
}
