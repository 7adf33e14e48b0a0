package dev.sluice.server.lifecycle;

import static dev.sluice.server.lifecycle.ApplicationClusterFixture.CLUSTER;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.WAIT;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.action;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.awaitCheckpoints;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
 * An Application-mode cluster through the HTTP API only, with real Flink processes: created from a
 * jobSpec, its job RUNNING under the cluster's name; STOP/START, UPDATE (new jar),
 * LAST_STATE_UPDATE and STATELESS_UPDATE as redeployments that keep (or, stateless, reset) the
 * example job's counts; a PATCH from Flink 1.20 to 2.3 through a savepoint; and a DELETE of the job
 * that removes the cluster and its processes, keeping the savepoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationClusterITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path work;
    private Path out;
    private ApplicationClusterFixture sluice;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        sluice = ApplicationClusterFixture.start(work);
        out = sluice.out();
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void anApplicationClusterRunsItsJob() throws Exception {
        Answer created =
                sluice.api()
                        .put(
                                CLUSTER,
                                sluice.cluster(
                                        TestFlink.TEST_MEMORY_MB,
                                        "counter.jar",
                                        "{\"cpu\":1,\"memory\":" + TestFlink.TEST_MEMORY_MB + "}"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Accepted");
        sluice.awaitOperation("cluster provisioned", created.header("Azure-AsyncOperation"));
        JsonNode cluster = sluice.clusterProperties();
        assertThat(cluster.path("provisioningState").asString())
                .as(cluster.toString())
                .isEqualTo("Succeeded");
        JsonNode flinkProfile = cluster.path("clusterProfile").path("flinkProfile");
        assertThat(flinkProfile.path("deploymentMode").asString()).isEqualTo("Application");
        assertThat(flinkProfile.path("flinkVersion").asString()).startsWith("1.20");
        assertThat(flinkProfile.path("jobSpec").path("jarName").asString())
                .isEqualTo("counter.jar");
        assertThat(flinkProfile.path("historyServer").path("memory").asLong())
                .isEqualTo(TestFlink.TEST_MEMORY_MB);

        JsonNode list = sluice.api().get(CLUSTER + "/jobs").body().path("value");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("app1");
        await("job RUNNING", WAIT, () -> "RUNNING".equals(sluice.job().path("status").asString()));
        JsonNode job = sluice.job();
        assertThat(job.path("jobId").asString()).matches("[0-9a-f]{32}");
        assertThat(job.path("entryClass").asString())
                .isEqualTo("dev.sluice.examples.counter.CounterJob");
        assertThat(job.path("flinkConfiguration").path("parallelism").asString()).isEqualTo("1");
        await("counts", WAIT, () -> minCount(out) >= 5);
        // The job's own key wins over the cluster's.
        assertThat(
                        sluice.flinkGet(
                                        "/jobs/"
                                                + job.path("jobId").asString()
                                                + "/checkpoints/config")
                                .path("interval")
                                .asLong())
                .isEqualTo(1000);

        Answer second =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                """
                        {"properties":{"jobType":"FlinkJob","jobName":"other","action":"NEW",
                         "jobJarDirectory":"sluice.jars()","jarName":"counter.jar"}}
                        """);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("ActionNotAllowed");
        assertThat(second.body().path("error").path("message").asString())
                .contains("Application mode")
                .contains("exactly one job");
    }

    @Test
    @Order(2)
    void theJobManagerAndTaskManagerLogsAreAggregatedIntoStorage() {
        String deploymentId = sluice.clusterProperties().path("deploymentId").asString();
        Path logs = work.resolve("storage").resolve(deploymentId).resolve("logs");
        await(
                "aggregated logs",
                WAIT,
                () ->
                        Files.isRegularFile(logs.resolve("jobmanager.log"))
                                && Files.isRegularFile(logs.resolve("taskmanager-0.log")));
        JsonNode listed = sluice.api().get(CLUSTER + "/logs").body();
        assertThat(listed.path("enabled").asBoolean()).isTrue();
        assertThat(listed.path("intervalSeconds").asLong()).isEqualTo(2);
        assertThat(listed.path("logDirectory").asString()).isEqualTo(logs.toUri().toString());
        List<String> names = new ArrayList<>();
        listed.path("value").forEach(file -> names.add(file.path("name").asString()));
        assertThat(names).contains("jobmanager.log", "taskmanager-0.log", "jobmanager.out");
        long size = jobManagerLogSize(listed);

        Answer tail = sluice.api().get(CLUSTER + "/logs/jobmanager.log?tail=5");
        assertThat(tail.status()).as(tail.raw()).isEqualTo(200);
        assertThat(tail.raw().lines()).hasSizeBetween(1, 5);
        // Copied again at the interval as the JobManager keeps logging (checkpoints every 1 s).
        await(
                "logs copied again",
                WAIT,
                () -> jobManagerLogSize(sluice.api().get(CLUSTER + "/logs").body()) > size);
        assertThat(sluice.api().get(CLUSTER + "/logs/nothing.log").errorCode())
                .isEqualTo("LogNotFound");
    }

    // By name: the listing also holds the HistoryServer's logs, which sort first.
    private static long jobManagerLogSize(JsonNode listed) {
        for (JsonNode file : listed.path("value")) {
            if ("jobmanager.log".equals(file.path("name").asString())) {
                return file.path("size").asLong();
            }
        }
        return -1;
    }

    @Test
    @Order(3)
    void stopKeepsTheJobManagerAndStartContinuesTheCounts() {
        JsonNode stopped = sluice.run("STOP");

        assertThat(stopped.path("status").asString()).isEqualTo("STOPPED");
        String savepoint = stopped.path("lastSavePoint").asString();
        assertThat(savepoint).contains("savepoint-");
        // The JobManager outlives its job: Flink still reports it, FINISHED.
        assertThat(sluice.flink().jobsOverview()).isNotEmpty();
        long atStop = minCount(out);

        JsonNode started = sluice.run("START");

        assertThat(started.path("status").asString()).isEqualTo("RUNNING");
        assertThat(started.path("jobId").asString()).isNotEqualTo(stopped.path("jobId").asString());
        await("counts after START", WAIT, () -> minCount(out) > atStop);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
        assertThat(
                        TestFlink.readableStats(sluice.flink(), started.path("jobId").asString())
                                .restored())
                .isPresent();
    }

    @Test
    @Order(4)
    void updateRunsTheJarAsItIsNowInStorage() throws IOException {
        Files.copy(
                TestFlink.exampleJar("1.20", "v2"),
                sluice.jars().resolve("counter.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        long before = minCount(out);

        JsonNode updated = sluice.run("UPDATE");

        assertThat(updated.path("status").asString()).isEqualTo("RUNNING");
        await(
                "v2 writes",
                WAIT,
                () ->
                        !counts(out).isEmpty()
                                && counts(out).values().stream()
                                        .allMatch(c -> c.version().equals("v2")));
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before));
    }

    @Test
    @Order(5)
    void lastStateUpdateRestoresFromTheLatestCheckpoint() {
        await("counts", WAIT, () -> minCount(out) > 0);
        awaitCheckpoints(sluice.flink(), sluice.job().path("jobId").asString(), 2);
        long before = minCount(out);

        JsonNode restored = sluice.run("LAST_STATE_UPDATE");

        assertThat(restored.path("status").asString()).isEqualTo("RUNNING");
        assertThat(restored.path("jobOutput").asString()).contains("chk-");
        assertThat(
                        TestFlink.readableStats(sluice.flink(), restored.path("jobId").asString())
                                .restored())
                .isPresent();
        await("restored job writes", WAIT, () -> minCount(out) > before);
    }

    @Test
    @Order(6)
    void anUpdateInterruptedBeforeTheRedeployResumesOnTheNextServer() throws Exception {
        await("counts", WAIT, () -> minCount(out) > 0);
        sluice.stopServer();
        ServerDeathAtStep stopBeforeRedeploy = new ServerDeathAtStep("submitting");
        sluice.startServer(c -> c.getBeanFactory().registerSingleton("stop", stopBeforeRedeploy));
        Answer accepted = sluice.api().post(CLUSTER + "/runJob", action("UPDATE"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(stopBeforeRedeploy.awaitReached(120)).isTrue();
        long atStop = minCount(out);
        sluice.stopServer();

        sluice.startServer(c -> {});
        String location =
                accepted.header("Location")
                        .replaceAll("127.0.0.1:\\d+", "127.0.0.1:" + sluice.server().port());
        Answer[] last = new Answer[1];
        await(
                "resumed UPDATE",
                WAIT,
                () -> (last[0] = sluice.api().getUrl(location)).status() == 200);
        JsonNode resumed = last[0].body().path("properties");

        assertThat(resumed.path("actionResult").asString())
                .as(resumed.toString())
                .isEqualTo("SUCCESS");
        assertThat(resumed.path("status").asString()).isEqualTo("RUNNING");
        JsonNode update = sluice.api().get(CLUSTER + "/jobs/app1").body().path("actions").get(0);
        assertThat(
                        TestFlink.readableStats(sluice.flink(), resumed.path("jobId").asString())
                                .restored())
                .map(r -> r.externalPath())
                .contains(update.path("savepoint").asString());
        // One deployment, one job: the resumed action replaced the processes exactly once.
        assertThat(sluice.flink().jobsOverview()).hasSize(1);
        await("counts after the resumed UPDATE", WAIT, () -> minCount(out) > atStop);
    }

    @Test
    @Order(7)
    void savepointsAreTakenAndListed() {
        JsonNode taken = sluice.run("SAVEPOINT");
        String savepoint = taken.path("lastSavePoint").asString();
        assertThat(taken.path("status").asString()).isEqualTo("RUNNING");

        JsonNode listed = sluice.run("LIST_SAVEPOINT");

        assertThat(listed.path("jobOutput").asString())
                .contains(savepoint.substring(savepoint.lastIndexOf('/') + 1));
    }

    @Test
    @Order(8)
    void aStatelessUpdateStartsAfresh() {
        await("counts", WAIT, () -> minCount(out) > 50);
        long before = minCount(out);

        JsonNode fresh = sluice.run("STATELESS_UPDATE");

        assertThat(fresh.path("status").asString()).isEqualTo("RUNNING");
        assertThat(
                        TestFlink.readableStats(sluice.flink(), fresh.path("jobId").asString())
                                .restored())
                .isEmpty();
        await(
                "counts from scratch",
                WAIT,
                () ->
                        counts(out).size() == 2
                                && counts(out).values().stream().allMatch(c -> c.count() < before));
    }

    @Test
    @Order(9)
    void aResizeScalesTheTaskManagersInPlaceWhileTheJobRuns() throws Exception {
        String flinkJobId = sluice.job().path("jobId").asString();
        long jobManagerPid = jobManagerPid();

        resize(2);
        assertThat(sluice.flinkGet("/taskmanagers").path("taskmanagers").size()).isEqualTo(2);
        resize(1);

        assertThat(sluice.flinkGet("/taskmanagers").path("taskmanagers").size()).isEqualTo(1);
        assertThat(jobManagerPid())
                .as("the JobManager was never replaced")
                .isEqualTo(jobManagerPid);
        assertThat(sluice.job().path("jobId").asString()).isEqualTo(flinkJobId);
        long before = minCount(out);
        await("counts go on", WAIT, () -> minCount(out) > before);
        assertThat(sluice.job().path("status").asString()).isEqualTo("RUNNING");
    }

    private void resize(int taskManagers) {
        Answer resize =
                sluice.api()
                        .post(
                                CLUSTER + "/resize",
                                "{\"properties\":{\"targetWorkerNodeCount\":"
                                        + taskManagers
                                        + "}}");
        assertThat(resize.status()).as(resize.raw()).isEqualTo(202);
        Answer ended =
                sluice.awaitOperation(
                        "resize to " + taskManagers, resize.header("Azure-AsyncOperation"));
        assertThat(ended.body().path("status").asString()).as(ended.raw()).isEqualTo("Succeeded");
        assertThat(sluice.clusterProperties().path("provisioningState").asString())
                .isEqualTo("Succeeded");
        assertThat(
                        sluice.clusterProperties()
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("numReplicas")
                                .asInt())
                .isEqualTo(taskManagers);
    }

    private long jobManagerPid() throws IOException {
        String deploymentId = sluice.clusterProperties().path("deploymentId").asString();
        Path state = work.resolve("data/clusters").resolve(deploymentId).resolve("cluster.json");
        return JSON.readTree(Files.readString(state)).path("jobManagerPid").asLong();
    }

    @Test
    @Order(10)
    void anUpgradeToFlink2KeepsTheCounts() throws IOException {
        Files.copy(TestFlink.exampleJar("2.3", "v2"), sluice.jars().resolve("counter2.jar"));
        await("counts", WAIT, () -> minCount(out) > 0);
        long before = minCount(out);

        Answer patched =
                sluice.api()
                        .patch(
                                CLUSTER,
                                """
                        {"properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                          "flinkVersion":"2.3","jobSpec":{"jarName":"counter2.jar"}}}}}
                        """);

        assertThat(patched.status()).as(patched.raw()).isEqualTo(202);
        String location = patched.header("Location");
        Answer[] done = new Answer[1];
        await("upgrade", WAIT, () -> (done[0] = sluice.api().getUrl(location)).status() != 202);
        assertThat(done[0].status()).as(done[0].raw()).isEqualTo(200);
        JsonNode flinkProfile =
                done[0].body().path("properties").path("clusterProfile").path("flinkProfile");
        assertThat(flinkProfile.path("flinkVersion").asString()).isEqualTo("2.3.0");
        assertThat(flinkProfile.path("jobSpec").path("jarName").asString())
                .isEqualTo("counter2.jar");
        JsonNode job = sluice.job();
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("RUNNING");
        assertThat(job.path("jarName").asString()).isEqualTo("counter2.jar");
        assertThat(job.path("action").asString()).isEqualTo("UPDATE");
        assertThat(sluice.flink().overview().flinkVersion()).isEqualTo("2.3.0");
        assertThat(TestFlink.readableStats(sluice.flink(), job.path("jobId").asString()).restored())
                .isPresent();
        await("counts on Flink 2.3", WAIT, () -> minCount(out) > before);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before));
    }

    @Test
    @Order(11)
    void deletingTheJobDeletesTheClusterAndItsProcesses() throws IOException {
        String savepointDir =
                sluice.job().path("flinkConfiguration").path("savepoint.directory").asString();
        JsonNode stopped = sluice.run("STOP");
        String deploymentId = sluice.clusterProperties().path("deploymentId").asString();
        Path state = work.resolve("data/clusters").resolve(deploymentId).resolve("cluster.json");
        long jobManagerPid = JSON.readTree(state.toFile()).path("jobManagerPid").asLong();

        JsonNode deleted = sluice.run("DELETE");

        assertThat(deleted.path("jobOutput").asString()).contains("cluster");
        assertThat(sluice.api().get(CLUSTER).status()).isEqualTo(404);
        assertThat(sluice.api().get(CLUSTER + "/jobs/app1").status()).isEqualTo(404);
        assertThat(state).doesNotExist();
        assertThat(ProcessHandle.of(jobManagerPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        String savepoint = stopped.path("lastSavePoint").asString();
        assertThat(
                        Path.of(URI.create(savepointDir))
                                .resolve(savepoint.substring(savepoint.lastIndexOf('/') + 1)))
                .isDirectory();
    }
}
