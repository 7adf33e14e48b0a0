package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.action.ActionProgressListener;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JobManager of a local session cluster killed with SIGKILL is started again by the
 * supervision, on the same REST port, and the job it ran is brought back by a RE_LAUNCH of Sluice's
 * own from its newest checkpoint: meanwhile UNKNOWN or RESTARTING with the reason, never FAILED;
 * afterwards exactly one Flink job, its counts continuing from the checkpoint.
 */
class JobManagerSupervisionITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String VERSION = "?api-version=" + ArmClient.API_VERSION;
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/jmsupervised";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> PROPERTIES = Map.of("sluice.observer.tick", "500ms");

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
    void aKilledJobManagerIsReplacedAndTheJobIsRelaunchedFromItsCheckpoint() throws IOException {
        Path jars = data.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        Path out = data.resolve("out");
        // The server "dies" once the relaunch recorded the Flink job id it is about to submit.
        CountDownLatch submitting = new CountDownLatch(1);
        AtomicReference<String> chosen = new AtomicReference<>();
        ActionProgressListener death =
                action -> {
                    if (action.type() == JobActionType.RE_LAUNCH
                            && "submitting".equals(action.progress().step())) {
                        chosen.set(action.progress().flinkJobId());
                        submitting.countDown();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("server stopped");
                        }
                    }
                };
        server =
                SluiceTestServer.start(
                        data,
                        PROPERTIES,
                        c -> c.getBeanFactory().registerSingleton("death", death));
        ArmClient first = server.api();
        assertThat(first.put(POOL + VERSION, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Answer created =
                first.put(
                        CLUSTER + VERSION,
                        """
                        {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{
                          "flinkProfile":{"storage":{"storageUri":"%s"},"flinkVersion":"1.20",
                          "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"64m"}}}}}
                        """
                                .formatted(
                                        data.resolve("storage").toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        await(
                "cluster provisioned",
                WAIT,
                () ->
                        "Succeeded"
                                .equals(
                                        first.get(CLUSTER + VERSION)
                                                .body()
                                                .path("properties")
                                                .path("provisioningState")
                                                .asString()));
        String deploymentId =
                first.get(CLUSTER + VERSION)
                        .body()
                        .path("properties")
                        .path("deploymentId")
                        .asString();
        JsonNode before = clusterJson(deploymentId);
        long restPort = before.path("restPort").asLong();
        FlinkClient flink = new RestFlinkClient(URI.create("http://127.0.0.1:" + restPort));
        Answer accepted =
                first.post(
                        CLUSTER + "/runJob" + VERSION,
                        """
                        {"properties":{"jobType":"FlinkJob","jobName":"counter","action":"NEW",
                         "jobJarDirectory":"%s","jarName":"counter.jar",
                         "entryClass":"dev.sluice.examples.counter.CounterJob",
                         "args":"--output %s --rate 20 --keys 2",
                         "flinkConfiguration":{"parallelism":"1","execution.checkpointing.interval":"1s"}}}
                        """
                                .formatted(jars.toUri(), out));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        await("job running", WAIT, () -> "RUNNING".equals(job(first).path("status").asString()));
        await("counts", WAIT, () -> minCount(out) >= 100);
        String lostJobId = job(first).path("jobId").asString();
        // A checkpoint completed after this count was written holds at least this count.
        long checkpointed = minCount(out);
        TestFlink.awaitCheckpoints(flink, lostJobId, 1);
        long killedPid = before.path("jobManagerPid").asLong();

        ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();

        List<String> seen = new ArrayList<>();
        await(
                "relaunch submitting",
                WAIT,
                () -> {
                    seen.add(status(first));
                    return submitting.getCount() == 0;
                });
        seen.add(status(first));
        server.close();
        server = SluiceTestServer.start(data, PROPERTIES, c -> {});
        ArmClient api = server.api();
        await(
                "job relaunched and running",
                WAIT,
                () -> {
                    seen.add(status(api));
                    JsonNode job = job(api);
                    return "RUNNING".equals(job.path("status").asString())
                            && !lostJobId.equals(job.path("jobId").asString());
                });
        assertThat(seen).noneMatch(s -> s.startsWith("FAILED"));
        assertThat(seen)
                .anyMatch(
                        s ->
                                (s.startsWith("UNKNOWN") || s.startsWith("RESTARTING"))
                                        && s.contains("JobManager of cluster 'jmsupervised' died"));
        JsonNode after = clusterJson(deploymentId);
        long newPid = after.path("jobManagerPid").asLong();
        assertThat(newPid).isNotEqualTo(killedPid);
        assertThat(ProcessHandle.of(newPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(after.path("restPort").asLong()).isEqualTo(restPort);

        List<JsonNode> relaunches = new ArrayList<>();
        api.get(CLUSTER + "/jobs/counter" + VERSION)
                .body()
                .path("actions")
                .forEach(
                        a -> {
                            if (a.path("principal").asString().equals("sluice:supervision")) {
                                relaunches.add(a);
                            }
                        });
        assertThat(relaunches).hasSize(1);
        assertThat(relaunches.get(0).path("action").asString()).isEqualTo("RE_LAUNCH");
        assertThat(relaunches.get(0).path("actionResult").asString()).isEqualTo("SUCCESS");
        // The Flink job id recorded before the server died is the one that runs.
        assertThat(job(api).path("jobId").asString()).isEqualTo(chosen.get());

        // Restored, not from zero: no count below the checkpointed one is written any more.
        List<Long> counts = new ArrayList<>();
        await(
                "counts continue",
                WAIT,
                () -> {
                    counts.add(minCount(out));
                    return counts.get(counts.size() - 1) > checkpointed + 100;
                });
        assertThat(counts).allMatch(c -> c >= checkpointed);
        assertThat(
                        flink.jobsOverview().stream()
                                .filter(j -> !j.state().isGloballyTerminal())
                                .toList())
                .hasSize(1)
                .allMatch(j -> j.jobId().equals(job(api).path("jobId").asString()));

        // Killed again while its REST port is taken meanwhile: it comes back on another port, and
        // Sluice follows it there (the record's REST URL) and relaunches the job once more.
        String secondLost = job(api).path("jobId").asString();
        TestFlink.awaitCheckpoints(flink, secondLost, 1);
        long beforeSecond = minCount(out);
        try (ServerSocket taken = new ServerSocket()) {
            ProcessHandle.of(newPid).orElseThrow().destroyForcibly();
            ProcessHandle.of(newPid).orElseThrow().onExit().join();
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), (int) restPort));
            // Another program on the port: it closes every connection, so calls fail at once.
            Thread closer = new Thread(() -> closeEachConnection(taken), "port-taker");
            closer.setDaemon(true);
            closer.start();
            await(
                    "job relaunched on the moved JobManager",
                    WAIT,
                    () -> {
                        JsonNode job = job(api);
                        return "RUNNING".equals(job.path("status").asString())
                                && !secondLost.equals(job.path("jobId").asString());
                    });
            long movedPort = clusterJson(deploymentId).path("restPort").asLong();
            assertThat(movedPort).isNotEqualTo(restPort);
            FlinkClient moved = new RestFlinkClient(URI.create("http://127.0.0.1:" + movedPort));
            assertThat(
                            moved.jobsOverview().stream()
                                    .filter(j -> !j.state().isGloballyTerminal())
                                    .map(JobOverview::jobId)
                                    .toList())
                    .containsExactly(job(api).path("jobId").asString());
            assertThat(
                            api.get(CLUSTER + VERSION)
                                    .body()
                                    .path("properties")
                                    .path("status")
                                    .asString())
                    .isEqualTo("Running");
            await("counts continue after the move", WAIT, () -> minCount(out) > beforeSecond + 50);
        }
    }

    private static void closeEachConnection(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                socket.accept().close();
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    private static String status(ArmClient api) {
        JsonNode detail = api.get(CLUSTER + "/jobs/counter" + VERSION).body();
        return detail.path("properties").path("status").asString()
                + ": "
                + detail.path("statusReason").asString("");
    }

    private static JsonNode job(ArmClient api) {
        return api.get(CLUSTER + "/jobs/counter" + VERSION).body().path("properties");
    }

    private JsonNode clusterJson(String deploymentId) {
        return JSON.readTree(
                data.resolve("clusters").resolve(deploymentId).resolve("cluster.json").toFile());
    }
}
