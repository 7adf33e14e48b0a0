package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.action.CrashPlan.ClusterStage;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.KillSwitch;
import dev.sluice.server.testing.TestFlink;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The cluster side of {@link CrashResumeITCase}: a local session cluster PUT or DELETE killed right
 * after its answer or at a recorded provisioning state, then checked on the restarted server: a PUT
 * ends Succeeded with exactly one JobManager and one TaskManager process, a DELETE with none.
 */
final class CrashClusters {

    private static final String MARKER = "-Dsluice.cluster.dir=";

    private final String pool;
    private final Supplier<ArmClient> api;
    private final Path data;
    private final Path work;
    private final Map<String, String> operations = new HashMap<>();
    private final Map<String, Path> directories = new HashMap<>();

    CrashClusters(String pool, Supplier<ArmClient> api, Path data, Path work) {
        this.pool = pool;
        this.api = api;
        this.data = data;
        this.work = work;
    }

    /**
     * Sends a stage killed at a provisioning state and waits for it; a stage killed right after its
     * answer is added to {@code lastSends} instead, sent together with the lanes' ones.
     */
    void aim(ClusterStage stage, List<Function<KillSwitch, Void>> lastSends) {
        if (stage.at().equals(CrashPlan.ACCEPTED)) {
            lastSends.add(
                    killSwitch -> {
                        send(stage, killSwitch);
                        return null;
                    });
            return;
        }
        send(stage, null);
        await(
                stage + " reached",
                CrashLane.WAIT,
                () ->
                        stage.at()
                                .equals(
                                        properties(stage.cluster())
                                                .path("provisioningState")
                                                .asString()));
    }

    /** Sends the stage's request, through the kill switch when given. */
    private void send(ClusterStage stage, KillSwitch killSwitch) {
        String path = pool + "/clusters/" + stage.cluster();
        boolean put = stage.method().equals("PUT");
        String json =
                put
                        ? """
                        {"location":"local","properties":{"clusterType":"Flink",
                         "clusterProfile":{"flinkProfile":{"storage":{"storageUri":"%s"},
                         "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                         "flinkConfiguration":{"taskmanager.memory.managed.size":"16m"}}}}}
                        """
                                .formatted(
                                        work.resolve("storage-" + stage.cluster()).toUri(),
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB)
                        : null;
        int status;
        String operation;
        if (killSwitch != null) {
            KillSwitch.Reply reply = killSwitch.send(stage.method(), path, json);
            status = reply.status();
            operation = reply.header("Azure-AsyncOperation");
        } else {
            Answer answer = put ? api.get().put(path, json) : api.get().delete(path);
            status = answer.status();
            operation = answer.header("Azure-AsyncOperation");
        }
        assertThat(status).as(stage.toString()).isEqualTo(put ? 201 : 202);
        operations.put(stage.cluster(), operation);
    }

    /** After the restart: the operation ended well and the processes are as it promised. */
    void verify(ClusterStage stage) {
        URI operation = URI.create(operations.get(stage.cluster()));
        String current = operation.getRawPath() + "?" + operation.getRawQuery();
        await(
                stage + " operation ended",
                CrashLane.WAIT,
                () ->
                        !"InProgress"
                                .equals(api.get().get(current).body().path("status").asString()));
        assertThat(api.get().get(current).body().path("status").asString())
                .as(stage + " operation")
                .isEqualTo("Succeeded");
        if (stage.method().equals("PUT")) {
            JsonNode cluster = properties(stage.cluster());
            assertThat(cluster.path("provisioningState").asString()).isEqualTo("Succeeded");
            Path directory =
                    data.resolve("clusters").resolve(cluster.path("deploymentId").asString());
            directories.put(stage.cluster(), directory);
            assertThat(processes(directory)).as(stage + " Flink processes").isEqualTo(2);
            String restUrl =
                    cluster.path("clusterProfile").path("flinkProfile").path("restUrl").asString();
            assertThat(new RestFlinkClient(URI.create(restUrl)).overview().taskManagers())
                    .as(stage + " TaskManagers")
                    .isEqualTo(1);
        } else {
            assertThat(api.get().get(pool + "/clusters/" + stage.cluster()).status())
                    .as(stage.toString())
                    .isEqualTo(404);
            Path directory = directories.get(stage.cluster());
            await(
                    stage + " processes stopped",
                    Duration.ofSeconds(60),
                    () -> processes(directory) == 0);
        }
    }

    private JsonNode properties(String cluster) {
        return api.get().get(pool + "/clusters/" + cluster).body().path("properties");
    }

    /** Live processes carrying the cluster directory's marker: its JobManager and TaskManagers. */
    private static long processes(Path directory) {
        String marker = MARKER + directory.toAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info()
                                        .arguments()
                                        .map(args -> List.of(args).contains(marker))
                                        .orElse(false))
                .count();
    }
}
