package dev.sluice.server.job;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * The session-mode job lifecycle through the HTTP API only, against a real Flink 1.20 cluster that
 * Sluice reaches by REST URL: every action, the counts of the example job across restores, the
 * refusals, bad input, the seeds' request bodies, and an UPDATE resumed by a restarted server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobApiITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/flink1";

    private Path work;
    private LocalProcessDeployer deployer;
    private LocalCluster flinkCluster;
    private FlinkClient flink;
    private SluiceTestServer server;
    private ArmClient api;
    private Path jars;
    private Path out;
    private Path marker;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        flinkCluster =
                deployer.start(
                        new dev.sluice.server.deploy.local.LocalClusterSpec(
                                "jobs-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                4,
                                Map.of("taskmanager.memory.managed.size", "32m")));
        flink = new RestFlinkClient(flinkCluster.restUrl());
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        out = work.resolve("out");
        marker = work.resolve("fail-marker");
        startServer(c -> {});
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

    private void startServer(
            java.util.function.Consumer<org.springframework.context.ConfigurableApplicationContext>
                    init) {
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

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (deployer != null) {
            deployer.stopAll();
        }
    }

    private String newJob(String name, String args) {
        return """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s","flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s"}}}
                """
                .formatted(name, jars.toUri(), args);
    }

    private static String action(String name, String action, String extra) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\""
                + name
                + "\",\"action\":\""
                + action
                + "\""
                + (extra == null ? "" : "," + extra)
                + "}}";
    }

    /** Sends runJob, expects 202, and polls Location until the action ended; returns the job. */
    private JsonNode run(String body) {
        Answer accepted = api.post(CLUSTER + "/runJob", body);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.body().path("properties").path("actionResult").asString())
                .isEqualTo("IN_PROGRESS");
        JsonNode done = awaitOperation(accepted.header("Location"));
        assertThat(done.path("actionResult").asString()).as(done.toString()).isEqualTo("SUCCESS");
        return done;
    }

    private JsonNode awaitOperation(String location) {
        Answer[] last = new Answer[1];
        await(
                "operation " + location,
                WAIT,
                () -> (last[0] = api.getUrl(location)).status() == 200);
        return last[0].body().path("properties");
    }

    private JsonNode job(String name) {
        return api.get(CLUSTER + "/jobs/" + name).body().path("properties");
    }

    private static String args(Path output) {
        return "--output " + output + " --rate 20 --keys 2";
    }

    private void awaitStatus(String name, String status, Duration timeout) {
        await(
                name + " " + status,
                timeout,
                () -> status.equals(job(name).path("status").asString()));
    }

    @Test
    @Order(1)
    void newRunsTheJob() {
        JsonNode job = run(newJob("counter", args(out) + " --fail-marker " + marker));

        assertThat(job.path("actionResult").asString()).as(job.toString()).isEqualTo("SUCCESS");
        assertThat(job.path("status").asString()).isEqualTo("RUNNING");
        assertThat(job.path("jobId").asString()).matches("[0-9a-f]{32}");
        assertThat(job.path("flinkConfiguration").path("parallelism").asString()).isEqualTo("1");
        assertThat(job.path("flinkConfiguration").path("savepoint.directory").asString())
                .startsWith("file:");
        await("counts", WAIT, () -> minCount(out) >= 5);
        assertThat(flink.jobDetail(job.path("jobId").asString()).state())
                .isEqualTo(FlinkJobState.RUNNING);
        JsonNode list = api.get(CLUSTER + "/jobs").body();
        assertThat(list.path("value")).hasSize(1);
        assertThat(list.path("value").get(0).path("id").asString()).endsWith("/jobs/counter");
        JsonNode detail = api.get(CLUSTER + "/jobs/counter").body();
        assertThat(detail.path("actions").get(0).path("action").asString()).isEqualTo("NEW");
        assertThat(detail.path("actions").get(0).path("principal").asString()).isNotBlank();
    }

    @Test
    @Order(2)
    void actionsAWrongStatusForbidsAreRefusedAndChangeNothing() {
        JsonNode before = job("counter");
        for (String refused : new String[] {"START", "RE_LAUNCH", "DELETE"}) {
            Answer answer = api.post(CLUSTER + "/runJob", action("counter", refused, null));
            assertThat(answer.status()).as(refused).isEqualTo(409);
            assertThat(answer.errorCode()).isEqualTo("ActionNotAllowed");
            assertThat(answer.body().path("error").path("message").asString())
                    .contains("RUNNING")
                    .contains("STOP");
        }
        assertThat(job("counter")).isEqualTo(before);
    }

    @Test
    @Order(3)
    void stopThenStartContinuesTheCounts() {
        JsonNode stopped = run(action("counter", "STOP", null));

        assertThat(stopped.path("status").asString()).as(stopped.toString()).isEqualTo("STOPPED");
        assertThat(stopped.path("jobOutput").asString()).startsWith("Savepoint completed. Path: ");
        String savepoint = stopped.path("lastSavePoint").asString();
        assertThat(stopped.path("jobOutput").asString()).endsWith(savepoint);
        assertThat(
                        Path.of(
                                        URI.create(
                                                savepoint
                                                        .replace("file:/", "file:///")
                                                        .replace("file:////", "file:///")))
                                .resolve("_metadata"))
                .exists();
        long atStop = minCount(out);
        for (String refused : new String[] {"STOP", "SAVEPOINT", "RE_LAUNCH"}) {
            assertThat(api.post(CLUSTER + "/runJob", action("counter", refused, null)).errorCode())
                    .as(refused)
                    .isEqualTo("ActionNotAllowed");
        }

        JsonNode started = run(action("counter", "START", null));

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        await("counts after START", WAIT, () -> minCount(out) > atStop);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }

    @Test
    @Order(4)
    void savepointThenStartFromAChosenSavepoint() {
        long beforeSavepoint = minCount(out);
        JsonNode taken = run(action("counter", "SAVEPOINT", null));
        assertThat(taken.path("status").asString()).isEqualTo("RUNNING");
        String chosen = taken.path("lastSavePoint").asString();
        String chosenName = chosen.substring(chosen.lastIndexOf('/') + 1);

        JsonNode listed = run(action("counter", "LIST_SAVEPOINT", null));
        String listing = listed.path("jobOutput").asString();
        assertThat(listing).contains(chosenName);

        run(action("counter", "STOP", null));
        Answer missing =
                api.post(
                        CLUSTER + "/runJob",
                        action("counter", "START", "\"savePointName\":\"no-such-savepoint\""));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("SavepointNotFound");
        JsonNode started =
                run(action("counter", "START", "\"savePointName\":\"" + chosenName + "\""));

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        assertThat(started.path("jobOutput").asString()).contains(chosenName);
        await(
                "counts written after START",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.count() > beforeSavepoint));
    }

    @Test
    @Order(5)
    void aSecondActionWhileOneRunsIsRefused() {
        Answer first = api.post(CLUSTER + "/runJob", action("counter", "SAVEPOINT", null));
        Answer second = api.post(CLUSTER + "/runJob", action("counter", "STOP", null));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("ActionInProgress");
        assertThat(awaitOperation(first.header("Location")).path("actionResult").asString())
                .isEqualTo("SUCCESS");
        assertThat(job("counter").path("lastAction")).isNotNull();
    }

    @Test
    @Order(6)
    void updateRunsTheNewJarFromASavepoint() throws IOException {
        Files.copy(
                TestFlink.exampleJar("1.20", "v2"),
                jars.resolve("counter.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        long before = minCount(out);

        JsonNode updated = run(action("counter", "UPDATE", null));

        assertThat(updated.path("status").asString()).as(updated.toString()).isEqualTo("RUNNING");
        await(
                "v2 writes",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.version().equals("v2")));
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before));
    }

    @Test
    @Order(7)
    void lastStateUpdateRestoresFromTheLatestCheckpoint() throws InterruptedException {
        Thread.sleep(3000); // a few 1 s checkpoints
        long before = minCount(out);

        JsonNode restored = run(action("counter", "LAST_STATE_UPDATE", null));

        assertThat(restored.path("status").asString()).as(restored.toString()).isEqualTo("RUNNING");
        assertThat(restored.path("jobOutput").asString()).contains("checkpoint").contains("chk-");
        String flinkJobId = restored.path("jobId").asString();
        await("restored job writes", WAIT, () -> minCount(out) > before);
        assertThat(flink.checkpointStats(flinkJobId).restored()).isPresent();
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before / 2));
    }

    @Test
    @Order(8)
    void aFailedJobIsSeenAndRelaunchedFromItsState() throws IOException, InterruptedException {
        Thread.sleep(2000);
        long before = minCount(out);
        Files.createFile(marker);

        awaitStatus("counter", "FAILED", Duration.ofSeconds(30));
        Files.delete(marker);
        JsonNode relaunched = run(action("counter", "RE_LAUNCH", null));

        assertThat(relaunched.path("status").asString())
                .as(relaunched.toString())
                .isEqualTo("RUNNING");
        await(
                "relaunched job writes",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.count() > before / 2));
    }

    @Test
    @Order(9)
    void statelessUpdateStartsFromZero() {
        long before = minCount(out);
        assertThat(before).isGreaterThan(30);
        Path fresh = work.resolve("out-fresh");

        JsonNode updated =
                run(action("counter", "STATELESS_UPDATE", "\"args\":\"" + args(fresh) + "\""));

        assertThat(updated.path("status").asString()).as(updated.toString()).isEqualTo("RUNNING");
        assertThat(updated.path("args").asString()).contains("out-fresh");
        await("fresh counts", WAIT, () -> minCount(fresh) >= 1);
        assertThat(counts(fresh).values())
                .allSatisfy(c -> assertThat(c.count()).isLessThan(before / 2));
    }

    @Test
    @Order(10)
    void aJobCancelledInFlinkShowsWithinFiveSeconds() {
        String flinkJobId = job("counter").path("jobId").asString();

        flink.cancelJob(flinkJobId);

        awaitStatus("counter", "CANCELLED", Duration.ofSeconds(5));
        assertThat(api.post(CLUSTER + "/runJob", action("counter", "START", null)).errorCode())
                .isEqualTo("ActionNotAllowed");
    }

    @Test
    @Order(11)
    void cancelThenDeleteRemovesTheRecordButKeepsSavepoints() throws IOException {
        run(newJob("other", args(work.resolve("out-other"))));
        JsonNode cancelled = run(action("other", "CANCEL", null));
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");

        String savepointDir =
                job("counter").path("flinkConfiguration").path("savepoint.directory").asString();
        long savepoints;
        try (var files = Files.list(Path.of(URI.create(savepointDir)))) {
            savepoints = files.count();
        }
        JsonNode deleted = run(action("counter", "DELETE", null));

        assertThat(deleted.path("actionResult").asString()).isEqualTo("SUCCESS");
        assertThat(api.get(CLUSTER + "/jobs/counter").errorCode()).isEqualTo("JobNotFound");
        try (var files = Files.list(Path.of(URI.create(savepointDir)))) {
            assertThat(files.count()).isEqualTo(savepoints).isPositive();
        }
        run(action("other", "DELETE", null));
        assertThat(api.get(CLUSTER + "/jobs").body().path("value")).isEmpty();
    }

    @Test
    @Order(12)
    void badInputIsRefusedWithTheRightCodeAndChangesNothing() {
        run(newJob("guard", args(work.resolve("out-guard"))));
        JsonNode before = api.get(CLUSTER + "/jobs").body();
        String good = newJob("fresh", args(work.resolve("x")));
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"properties\":", new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"jobName\":\"fresh\",", ""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"jarName\":\"counter.jar\",", ""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(good.replace("\"fresh\"", "\"Fresh\""), new String[] {"400", "InvalidJobName"});
        cases.put(good.replace("\"fresh\"", "\"guard\""), new String[] {"409", "JobAlreadyExists"});
        cases.put(
                good.replace(jars.toUri().toString(), jars.toUri() + "../../../etc"),
                new String[] {"400", "PathOutsideStorage"});
        cases.put(
                good.replace(jars.toUri().toString(), "abfs://c@a.dfs.core.windows.net/jars"),
                new String[] {"400", "UnsupportedStorageScheme"});
        cases.put(good.replace("counter.jar", "missing.jar"), new String[] {"400", "JarNotFound"});
        cases.put(good.replace("\"NEW\"", "\"EXPLODE\""), new String[] {"400", "InvalidAction"});
        cases.put(
                good.replace("\"jobName\":\"fresh\"", "\"jobName\":123"),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"parallelism\":\"1\"", "\"parallelism\":\"-3\""),
                new String[] {"400", "InvalidParallelism"});
        cases.put(
                good.replace("\"FlinkJob\"", "\"SparkJob\""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(action("nobody", "STOP", null), new String[] {"404", "JobNotFound"});
        cases.forEach(
                (body, expected) -> {
                    Answer answer = api.post(CLUSTER + "/runJob", body);
                    assertThat(answer.status())
                            .as(body + " → " + answer.raw())
                            .isEqualTo(Integer.parseInt(expected[0]));
                    assertThat(answer.errorCode()).as(body).isEqualTo(expected[1]);
                    assertThat(answer.body().path("error").path("message").asString()).isNotBlank();
                });
        Answer typed =
                api.post(
                        CLUSTER + "/runJob",
                        good.replace("\"jobName\":\"fresh\"", "\"jobName\":123"));
        assertThat(typed.body().path("error").path("target").asString())
                .isEqualTo("properties.jobName");
        assertThat(api.post(CLUSTER + "/runJob?api-version=2020-01-01", good).errorCode())
                .isEqualTo("InvalidApiVersionParameter");
        assertThat(api.post(CLUSTER + "/runJob?api-version=none", good).status()).isEqualTo(400);
        assertThat(
                        api.get(
                                        CLUSTER
                                                + "/jobs?$filter="
                                                + java.net.URLEncoder.encode(
                                                        "status eq 'x'",
                                                        java.nio.charset.StandardCharsets.UTF_8))
                                .errorCode())
                .isEqualTo("InvalidFilter");
        assertThat(api.get(CLUSTER + "/jobs").body()).isEqualTo(before);
    }

    @Test
    @Order(13)
    void listFiltersAndPages() {
        run(newJob("paged", args(work.resolve("out-paged"))));
        JsonNode first = api.get(CLUSTER + "/jobs?$top=1").body();
        assertThat(first.path("value")).hasSize(1);
        assertThat(first.path("value").get(0).path("name").asString()).isEqualTo("guard");
        JsonNode second = api.getUrl(first.path("nextLink").asString()).body();
        assertThat(second.path("value").get(0).path("name").asString()).isEqualTo("paged");
        assertThat(second.has("nextLink")).isFalse();
        JsonNode filtered =
                api.get(
                                CLUSTER
                                        + "/jobs?$filter="
                                        + java.net.URLEncoder.encode(
                                                "jobName eq 'paged'",
                                                java.nio.charset.StandardCharsets.UTF_8))
                        .body();
        assertThat(filtered.path("value")).hasSize(1);
        JsonNode byJar =
                api.get(
                                CLUSTER
                                        + "/jobs?$filter="
                                        + java.net.URLEncoder.encode(
                                                "jarName eq 'other.jar'",
                                                java.nio.charset.StandardCharsets.UTF_8))
                        .body();
        assertThat(byJar.path("value")).isEmpty();
        run(action("guard", "CANCEL", null));
        run(action("paged", "CANCEL", null));
    }

    @Test
    @Order(14)
    void theSeedsRequestBodiesWorkUnchanged() {
        Path seedOut = work.resolve("out-seed");
        // The seed's NEW body, curly quotes made straight; it lacks the comma after "args".
        String newBody =
                """
                {
                    "properties": {
                        "jobType": "FlinkJob",
                        "jobName": "<JOB_NAME>",
                        "action": "NEW",
                        "jobJarDirectory": "<JOB_JAR_STORAGE_PATH>",
                        "jarName": "<JOB_JAR_NAME>",
                        "entryClass": "<JOB_ENTRY_CLASS>",
                        "args": "<JOB_JVM_ARGUMENT>"
                        "flinkConfiguration": {
                            "parallelism": "<JOB_PARALLELISM>",
                            "savepoint.directory": "<JOB_SAVEPOINT_DIRECTORY_STORAGE_PATH>"
                        }
                     }
                }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JAR_STORAGE_PATH>", jars.toUri().toString())
                        .replace("<JOB_JAR_NAME>", "counter.jar")
                        .replace("<JOB_ENTRY_CLASS>", "dev.sluice.examples.counter.CounterJob")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut))
                        .replace("<JOB_PARALLELISM>", "1")
                        .replace(
                                "<JOB_SAVEPOINT_DIRECTORY_STORAGE_PATH>",
                                work.resolve("storage/seed-savepoints").toUri().toString());
        assertThat(run(newBody).path("status").asString()).isEqualTo("RUNNING");
        String stop =
                """
                   {
                      "properties": {
                        "jobType": "FlinkJob",
                        "jobName": "<JOB_NAME>",
                        "action": "STOP"
                      }
                    }
                """
                        .replace("<JOB_NAME>", "seed");
        String savepoint = run(stop).path("lastSavePoint").asString();
        String start =
                """
                   {
                      "properties": {
                         "jobType": "FlinkJob",
                         "jobName": "<JOB_NAME>",
                         "action": "START",
                         "savePointName": "<SAVEPOINT_NAME>"
                      }
                    }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace(
                                "<SAVEPOINT_NAME>",
                                savepoint.substring(savepoint.lastIndexOf('/') + 1));
        assertThat(run(start).path("status").asString()).isEqualTo("RUNNING");
        String update =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "UPDATE",
                          "args" : "<JOB_JVM_ARGUMENT>",
                          "savePointName": "<SAVEPOINT_NAME>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut))
                        .replace("<SAVEPOINT_NAME>", savepoint);
        assertThat(run(update).path("status").asString()).isEqualTo("RUNNING");
        String simple =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "<ACTION>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed");
        assertThat(run(simple.replace("<ACTION>", "SAVEPOINT")).path("actionResult").asString())
                .isEqualTo("SUCCESS");
        assertThat(run(simple.replace("<ACTION>", "LIST_SAVEPOINT")).path("jobOutput").asString())
                .contains("savepoint-");
        String stateless =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "STATELESS_UPDATE",
                          "args" : "<JOB_JVM_ARGUMENT>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut));
        assertThat(run(stateless).path("status").asString()).isEqualTo("RUNNING");
        assertThat(run(simple.replace("<ACTION>", "CANCEL")).path("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(run(simple.replace("<ACTION>", "DELETE")).path("actionResult").asString())
                .isEqualTo("SUCCESS");
    }

    @Test
    @Order(15)
    void anUpdateInterruptedAfterItsSavepointResumesOnTheNextServer() throws Exception {
        Path resumeOut = work.resolve("out-resume");
        run(newJob("resume", args(resumeOut)));
        await("resume counts", WAIT, () -> minCount(resumeOut) >= 5);
        server.close();
        ServerDeathAtStep stopAfterSavepoint = new ServerDeathAtStep("stopped-with-savepoint");
        startServer(
                c ->
                        c.getBeanFactory()
                                .registerSingleton("stopAfterSavepoint", stopAfterSavepoint));
        Answer accepted = api.post(CLUSTER + "/runJob", action("resume", "UPDATE", null));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(stopAfterSavepoint.awaitReached(60)).isTrue();
        long atStop = minCount(resumeOut);
        server.close();

        startServer(c -> {});
        JsonNode resumed =
                awaitOperation(
                        accepted.header("Location")
                                .replaceAll("127.0.0.1:\\d+", "127.0.0.1:" + server.port()));

        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("RUNNING");
        JsonNode update = api.get(CLUSTER + "/jobs/resume").body().path("actions").get(0);
        assertThat(update.path("action").asString()).isEqualTo("UPDATE");
        String savepoint = update.path("savepoint").asString();
        String newFlinkJob = resumed.path("jobId").asString();
        assertThat(flink.checkpointStats(newFlinkJob).restored().orElseThrow().externalPath())
                .isEqualTo(savepoint);
        long runningForJob =
                flink.jobsOverview().stream()
                        .filter(j -> j.state() == FlinkJobState.RUNNING)
                        .filter(
                                j ->
                                        j.jobId().equals(newFlinkJob)
                                                || j.jobId()
                                                        .equals(
                                                                update.path("flinkJobId")
                                                                        .asString())
                                                || j.jobId()
                                                        .equals(
                                                                api.get(CLUSTER + "/jobs/resume")
                                                                        .body()
                                                                        .path("actions")
                                                                        .get(1)
                                                                        .path("flinkJobId")
                                                                        .asString()))
                        .count();
        assertThat(runningForJob).isEqualTo(1);
        await("resumed counts", WAIT, () -> minCount(resumeOut) > atStop);
        assertThat(counts(resumeOut).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }
}
