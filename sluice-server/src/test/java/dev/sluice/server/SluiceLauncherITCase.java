package dev.sluice.server;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.JarRunRequest;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./sluice up} and {@code ./sluice down} as a user runs them: the server answers health
 * within 60 s, starts the embedded session cluster, leaves it (and its job) running when the server
 * stops, adopts it on the next start (on another port, the Owner's tokenUrl following), and {@code
 * down} stops it.
 */
class SluiceLauncherITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path data;

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process server : servers) {
            server.destroy();
            server.waitFor();
        }
        run("down").waitFor();
    }

    private ProcessBuilder sluice(String command, int port) {
        List<String> line = new ArrayList<>(List.of("./sluice", command));
        if (command.equals("up")) {
            line.addAll(
                    List.of(
                            "--sluice.embedded-cluster.job-manager-memory-mb="
                                    + TestFlink.TEST_MEMORY_MB,
                            "--sluice.embedded-cluster.task-manager-memory-mb="
                                    + TestFlink.TEST_MEMORY_MB,
                            "--sluice.embedded-cluster.slots-per-task-manager=2",
                            // Test-only: the product minimum is 1800 MB per process.
                            "--sluice.clusters.min-memory-mb=" + TestFlink.TEST_MEMORY_MB,
                            "--sluice.embedded-cluster.flink-configuration[taskmanager.memory.managed.size]=64m"));
        }
        ProcessBuilder builder = new ProcessBuilder(line).directory(TestFlink.repoRoot().toFile());
        builder.environment().put("SLUICE_DATA_DIR", data.toString());
        builder.environment().put("SLUICE_PORT", Integer.toString(port));
        return builder;
    }

    private Process run(String command) throws IOException {
        return sluice(command, 0)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("sluice-" + command + ".txt").toFile())
                .start();
    }

    private Process up(int port, String logName) throws IOException {
        Process server =
                sluice("up", port)
                        .redirectErrorStream(true)
                        .redirectOutput(data.resolve(logName).toFile())
                        .start();
        servers.add(server);
        return server;
    }

    /** The health JSON, with details when the Owner's token is at hand (anonymous: status only). */
    private JsonNode health(int port) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5));
            String token = ownerToken(port);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A token for the Owner of the data dir, or null before the server created it. */
    private String ownerToken(int port) throws IOException, InterruptedException {
        Path file = data.resolve("owner-credentials.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode credentials = JSON.readTree(file.toFile());
        String form =
                "grant_type=client_credentials&client_id="
                        + credentials.path("clientId").asString()
                        + "&client_secret="
                        + credentials.path("clientSecret").asString();
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).path("access_token").asString()
                : null;
    }

    private String clusterState(int port) {
        JsonNode health = health(port);
        return health == null
                ? ""
                : health.path("components")
                        .path("embeddedCluster")
                        .path("details")
                        .path("state")
                        .asString("");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The embedded cluster's cluster.json; its directory is named by its deployment id. */
    private JsonNode clusterRecord() throws IOException {
        try (Stream<Path> dirs = Files.list(data.resolve("clusters"))) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).startsWith("session-");
            return JSON.readTree(all.get(0).resolve("cluster.json").toFile());
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void upServesHealthKeepsClustersAcrossRestartsAndDownStopsThem() throws Exception {
        int port = freePort();
        long started = System.nanoTime();
        Process first = up(port, "server-1.txt");

        await("health answers UP", Duration.ofSeconds(60), () -> health(port) != null);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(60));
        assertThat(health(port).path("status").asString()).isEqualTo("UP");
        await(
                "embedded cluster up",
                Duration.ofSeconds(120),
                () -> clusterState(port).startsWith("UP"));

        JsonNode record = clusterRecord();
        long jobManagerPid = record.path("jobManagerPid").asLong();
        FlinkClient flink =
                new RestFlinkClient(
                        URI.create("http://127.0.0.1:" + record.path("restPort").asInt()));
        Path output = data.resolve("counts");
        String jobId =
                flink.runJar(
                        flink.uploadJar(TestFlink.exampleJar("1.20", "v1")),
                        JarRunRequest.builder()
                                .programArgs(List.of("--output", output.toString()))
                                .jobId(TestFlink.newFlinkId())
                                .build());
        await("job writes", Duration.ofSeconds(60), () -> minCount(output) >= 3);

        // Stopping the server (SIGTERM, as Ctrl-C would) leaves Flink and the job running.
        first.destroy();
        first.waitFor();
        assertThat(alive(jobManagerPid)).isTrue();
        long whileDown = minCount(output);
        await(
                "job runs without the server",
                Duration.ofSeconds(30),
                () -> minCount(output) > whileDown);

        // The second start listens on another port; the Owner's credentials follow it.
        int secondPort = freePort();
        up(secondPort, "server-2.txt");
        await(
                "adopted",
                Duration.ofSeconds(60),
                () -> clusterState(secondPort).equals("UP (adopted)"));
        assertThat(
                        JSON.readTree(data.resolve("owner-credentials.json").toFile())
                                .path("tokenUrl")
                                .asString())
                .isEqualTo("http://127.0.0.1:" + secondPort + "/oauth2/token");
        assertThat(clusterRecord().path("jobManagerPid").asLong()).isEqualTo(jobManagerPid);
        assertThat(flink.jobDetail(jobId).state()).isEqualTo(FlinkJobState.RUNNING);
        assertThat(Files.readString(data.resolve("server-2.txt"), StandardCharsets.UTF_8))
                .contains("Adopted cluster session");

        Process down = run("down");
        assertThat(down.waitFor()).isZero();
        assertThat(Files.readString(data.resolve("sluice-down.txt")))
                .contains("stopped local Flink cluster session");
        await("JobManager stopped", Duration.ofSeconds(30), () -> !alive(jobManagerPid));
    }
}
