package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
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

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/app1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path work;
    private Path jars;
    private Path out;
    private SluiceTestServer server;
    private ArmClient api;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        out = work.resolve("out");
        startServer(c -> {});
        assertThat(api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
    }

    private void startServer(Consumer<ConfigurableApplicationContext> init) {
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

    @AfterAll
    void stop() {
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

    private String cluster(long memoryMb, String jarName, String historyServer) {
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

    private static String action(String action) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"app1\",\"action\":\""
                + action
                + "\"}}";
    }

    /** Sends runJob, expects 202, and polls Location until the action ended; returns the job. */
    private JsonNode run(String action) {
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

    private JsonNode job() {
        return api.get(CLUSTER + "/jobs/app1").body().path("properties");
    }

    private JsonNode clusterProperties() {
        return api.get(CLUSTER).body().path("properties");
    }

    private FlinkClient flink() {
        return new RestFlinkClient(
                URI.create(
                        clusterProperties()
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("restUrl")
                                .asString()));
    }

    private JsonNode flinkGet(String path) throws IOException, InterruptedException {
        String restUrl =
                clusterProperties()
                        .path("clusterProfile")
                        .path("flinkProfile")
                        .path("restUrl")
                        .asString();
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void badApplicationClustersAreRefusedNamingTheField() {
        Answer small = api.put(CLUSTER, cluster(1000, "counter.jar", null));
        assertThat(small.status()).as(small.raw()).isEqualTo(400);
        assertThat(small.errorCode()).isEqualTo("InvalidMemory");
        assertThat(small.body().path("error").path("message").asString())
                .contains("1000 MB")
                .contains("minimum is " + TestFlink.TEST_MEMORY_MB + " MB");

        Answer history =
                api.put(
                        CLUSTER,
                        cluster(
                                TestFlink.TEST_MEMORY_MB,
                                "counter.jar",
                                "{\"cpu\":1,\"memory\":1000}"));
        assertThat(history.errorCode()).isEqualTo("InvalidMemory");
        assertThat(history.body().path("error").path("target").asString())
                .endsWith("historyServer.memory");

        Answer missing = api.put(CLUSTER, cluster(TestFlink.TEST_MEMORY_MB, "missing.jar", null));
        assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("JarNotFound");
        assertThat(missing.body().path("error").path("target").asString())
                .isEqualTo("properties.clusterProfile.flinkProfile.jobSpec.jarName");

        assertThat(api.get(CLUSTER).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void anApplicationClusterRunsItsJob() throws Exception {
        Answer created =
                api.put(
                        CLUSTER,
                        cluster(
                                TestFlink.TEST_MEMORY_MB,
                                "counter.jar",
                                "{\"cpu\":1,\"memory\":" + TestFlink.TEST_MEMORY_MB + "}"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Accepted");
        String operation = created.header("Azure-AsyncOperation");
        await(
                "cluster provisioned",
                WAIT,
                () -> !"InProgress".equals(api.getUrl(operation).body().path("status").asString()));
        JsonNode cluster = clusterProperties();
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

        JsonNode list = api.get(CLUSTER + "/jobs").body().path("value");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("app1");
        await("job RUNNING", WAIT, () -> "RUNNING".equals(job().path("status").asString()));
        JsonNode job = job();
        assertThat(job.path("jobId").asString()).matches("[0-9a-f]{32}");
        assertThat(job.path("entryClass").asString())
                .isEqualTo("dev.sluice.examples.counter.CounterJob");
        assertThat(job.path("flinkConfiguration").path("parallelism").asString()).isEqualTo("1");
        await("counts", WAIT, () -> minCount(out) >= 5);
        // The job's own key wins over the cluster's.
        assertThat(
                        flinkGet("/jobs/" + job.path("jobId").asString() + "/checkpoints/config")
                                .path("interval")
                                .asLong())
                .isEqualTo(1000);

        Answer second =
                api.post(
                        CLUSTER + "/runJob",
                        """
                        {"properties":{"jobType":"FlinkJob","jobName":"other","action":"NEW",
                         "jobJarDirectory":"jars","jarName":"counter.jar"}}
                        """);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("ActionNotAllowed");
        assertThat(second.body().path("error").path("message").asString())
                .contains("Application mode")
                .contains("exactly one job");
    }

    @Test
    @Order(3)
    void theJobManagerAndTaskManagerLogsAreAggregatedIntoStorage() {
        String deploymentId = clusterProperties().path("deploymentId").asString();
        Path logs = work.resolve("storage").resolve(deploymentId).resolve("logs");
        await(
                "aggregated logs",
                WAIT,
                () ->
                        Files.isRegularFile(logs.resolve("jobmanager.log"))
                                && Files.isRegularFile(logs.resolve("taskmanager-0.log")));
        JsonNode listed = api.get(CLUSTER + "/logs").body();
        assertThat(listed.path("enabled").asBoolean()).isTrue();
        assertThat(listed.path("intervalSeconds").asLong()).isEqualTo(2);
        assertThat(listed.path("logDirectory").asString()).isEqualTo(logs.toUri().toString());
        List<String> names = new ArrayList<>();
        listed.path("value").forEach(file -> names.add(file.path("name").asString()));
        assertThat(names).contains("jobmanager.log", "taskmanager-0.log", "jobmanager.out");
        long size = listed.path("value").get(0).path("size").asLong();

        Answer tail = api.get(CLUSTER + "/logs/jobmanager.log?tail=5");
        assertThat(tail.status()).as(tail.raw()).isEqualTo(200);
        assertThat(tail.raw().lines()).hasSizeBetween(1, 5);
        // Copied again at the interval as the JobManager keeps logging (checkpoints every 1 s).
        await(
                "logs copied again",
                WAIT,
                () ->
                        api.get(CLUSTER + "/logs").body().path("value").get(0).path("size").asLong()
                                > size);
        assertThat(api.get(CLUSTER + "/logs/nothing.log").errorCode()).isEqualTo("LogNotFound");
    }

    @Test
    @Order(4)
    void stopKeepsTheJobManagerAndStartContinuesTheCounts() {
        JsonNode stopped = run("STOP");

        assertThat(stopped.path("status").asString()).isEqualTo("STOPPED");
        String savepoint = stopped.path("lastSavePoint").asString();
        assertThat(savepoint).contains("savepoint-");
        // The JobManager outlives its job: Flink still reports it, FINISHED.
        assertThat(flink().jobsOverview()).isNotEmpty();
        long atStop = minCount(out);

        JsonNode started = run("START");

        assertThat(started.path("status").asString()).isEqualTo("RUNNING");
        assertThat(started.path("jobId").asString()).isNotEqualTo(stopped.path("jobId").asString());
        await("counts after START", WAIT, () -> minCount(out) > atStop);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
        assertThat(flink().checkpointStats(started.path("jobId").asString()).restored())
                .isPresent();
    }

    @Test
    @Order(5)
    void updateRunsTheJarAsItIsNowInStorage() throws IOException {
        Files.copy(
                TestFlink.exampleJar("1.20", "v2"),
                jars.resolve("counter.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        long before = minCount(out);

        JsonNode updated = run("UPDATE");

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
    @Order(6)
    void lastStateUpdateRestoresFromTheLatestCheckpoint() throws InterruptedException {
        await("counts", WAIT, () -> minCount(out) > 0);
        Thread.sleep(3000); // a few 1 s checkpoints
        long before = minCount(out);

        JsonNode restored = run("LAST_STATE_UPDATE");

        assertThat(restored.path("status").asString()).isEqualTo("RUNNING");
        assertThat(restored.path("jobOutput").asString()).contains("chk-");
        assertThat(flink().checkpointStats(restored.path("jobId").asString()).restored())
                .isPresent();
        await("restored job writes", WAIT, () -> minCount(out) > before);
    }

    @Test
    @Order(7)
    void anUpdateInterruptedBeforeTheRedeployResumesOnTheNextServer() throws Exception {
        await("counts", WAIT, () -> minCount(out) > 0);
        server.close();
        ServerDeathAtStep stopBeforeRedeploy = new ServerDeathAtStep("submitting");
        startServer(c -> c.getBeanFactory().registerSingleton("stop", stopBeforeRedeploy));
        Answer accepted = api.post(CLUSTER + "/runJob", action("UPDATE"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(stopBeforeRedeploy.awaitReached(120)).isTrue();
        long atStop = minCount(out);
        server.close();

        startServer(c -> {});
        String location =
                accepted.header("Location")
                        .replaceAll("127.0.0.1:\\d+", "127.0.0.1:" + server.port());
        Answer[] last = new Answer[1];
        await("resumed UPDATE", WAIT, () -> (last[0] = api.getUrl(location)).status() == 200);
        JsonNode resumed = last[0].body().path("properties");

        assertThat(resumed.path("actionResult").asString())
                .as(resumed.toString())
                .isEqualTo("SUCCESS");
        assertThat(resumed.path("status").asString()).isEqualTo("RUNNING");
        JsonNode update = api.get(CLUSTER + "/jobs/app1").body().path("actions").get(0);
        assertThat(flink().checkpointStats(resumed.path("jobId").asString()).restored())
                .map(r -> r.externalPath())
                .contains(update.path("savepoint").asString());
        // One deployment, one job: the resumed action replaced the processes exactly once.
        assertThat(flink().jobsOverview()).hasSize(1);
        await("counts after the resumed UPDATE", WAIT, () -> minCount(out) > atStop);
    }

    @Test
    @Order(8)
    void savepointsAreTakenAndListed() {
        JsonNode taken = run("SAVEPOINT");
        String savepoint = taken.path("lastSavePoint").asString();
        assertThat(taken.path("status").asString()).isEqualTo("RUNNING");

        JsonNode listed = run("LIST_SAVEPOINT");

        assertThat(listed.path("jobOutput").asString())
                .contains(savepoint.substring(savepoint.lastIndexOf('/') + 1));
    }

    @Test
    @Order(9)
    void aStatelessUpdateStartsAfresh() {
        await("counts", WAIT, () -> minCount(out) > 50);
        long before = minCount(out);

        JsonNode fresh = run("STATELESS_UPDATE");

        assertThat(fresh.path("status").asString()).isEqualTo("RUNNING");
        assertThat(flink().checkpointStats(fresh.path("jobId").asString()).restored()).isEmpty();
        await(
                "counts from scratch",
                WAIT,
                () ->
                        counts(out).size() == 2
                                && counts(out).values().stream().allMatch(c -> c.count() < before));
    }

    @Test
    @Order(10)
    void anUpgradeToFlink2KeepsTheCounts() throws IOException {
        Files.copy(TestFlink.exampleJar("2.3", "v2"), jars.resolve("counter2.jar"));
        await("counts", WAIT, () -> minCount(out) > 0);
        long before = minCount(out);

        Answer patched =
                api.patch(
                        CLUSTER,
                        """
                        {"properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                          "flinkVersion":"2.3","jobSpec":{"jarName":"counter2.jar"}}}}}
                        """);

        assertThat(patched.status()).as(patched.raw()).isEqualTo(202);
        String location = patched.header("Location");
        Answer[] done = new Answer[1];
        await("upgrade", WAIT, () -> (done[0] = api.getUrl(location)).status() != 202);
        assertThat(done[0].status()).as(done[0].raw()).isEqualTo(200);
        JsonNode flinkProfile =
                done[0].body().path("properties").path("clusterProfile").path("flinkProfile");
        assertThat(flinkProfile.path("flinkVersion").asString()).isEqualTo("2.3.0");
        assertThat(flinkProfile.path("jobSpec").path("jarName").asString())
                .isEqualTo("counter2.jar");
        JsonNode job = job();
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("RUNNING");
        assertThat(job.path("jarName").asString()).isEqualTo("counter2.jar");
        assertThat(job.path("action").asString()).isEqualTo("UPDATE");
        assertThat(flink().overview().flinkVersion()).isEqualTo("2.3.0");
        assertThat(flink().checkpointStats(job.path("jobId").asString()).restored()).isPresent();
        await("counts on Flink 2.3", WAIT, () -> minCount(out) > before);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before));
    }

    @Test
    @Order(11)
    void deletingTheJobDeletesTheClusterAndItsProcesses() throws IOException {
        Answer refused = api.delete(CLUSTER);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("ClusterHasRunningJobs");
        String savepointDir =
                job().path("flinkConfiguration").path("savepoint.directory").asString();
        JsonNode stopped = run("STOP");
        String deploymentId = clusterProperties().path("deploymentId").asString();
        Path state = work.resolve("data/clusters").resolve(deploymentId).resolve("cluster.json");
        long jobManagerPid = JSON.readTree(state.toFile()).path("jobManagerPid").asLong();

        JsonNode deleted = run("DELETE");

        assertThat(deleted.path("jobOutput").asString()).contains("cluster");
        assertThat(api.get(CLUSTER).status()).isEqualTo(404);
        assertThat(api.get(CLUSTER + "/jobs/app1").status()).isEqualTo(404);
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
