package dev.sluice.server;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's Quickstart on a clean copy of the repository (the files git knows, no {@code
 * target/} anywhere): {@code ./sluice up} alone builds what it needs and brings the embedded
 * session cluster up, {@code /actuator/health/readiness} turns 200 only then, and the example job
 * runs through the CLI. Maven reuses {@code ~/.m2}; nothing of this tree's build is used.
 */
class NewcomerITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path temp;

    private Path clone;
    private Path data;
    private int port;
    private Process server;

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        if (clone != null
                && Files.isRegularFile(
                        clone.resolve("sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar"))) {
            sluice("down").start().waitFor(60, TimeUnit.SECONDS);
        }
        // The temporary directory is deleted next: nothing started under it may still write
        // there (a Flink process's last log line, the example job's counts).
        if (data != null) {
            String dataDir = data.toString();
            await(
                    "no process of " + dataDir + " left",
                    Duration.ofSeconds(60),
                    () ->
                            ProcessHandle.allProcesses()
                                    .noneMatch(
                                            p ->
                                                    p.info()
                                                            .commandLine()
                                                            .map(c -> c.contains(dataDir))
                                                            .orElse(false)));
        }
    }

    @Test
    void quickstartOnACleanCopy() throws Exception {
        clone = cleanCopy(TestFlink.repoRoot(), temp.resolve("sluice"));
        data = temp.resolve("data");
        port = freePort();

        // As the README says: ./sluice up (the small-memory flags are test-only).
        server =
                sluice(
                                "up",
                                "--sluice.embedded-cluster.job-manager-memory-mb="
                                        + TestFlink.TEST_MEMORY_MB,
                                "--sluice.embedded-cluster.task-manager-memory-mb="
                                        + TestFlink.TEST_MEMORY_MB,
                                "--sluice.embedded-cluster.slots-per-task-manager=2",
                                "--sluice.clusters.min-memory-mb=" + TestFlink.TEST_MEMORY_MB,
                                "--sluice.embedded-cluster.flink-configuration[taskmanager.memory.managed.size]=64m")
                        .redirectOutput(temp.resolve("server.txt").toFile())
                        .start();

        List<Integer> readinessSeen = new ArrayList<>();
        await(
                "readiness 200 (build, server and embedded cluster)",
                Duration.ofSeconds(170),
                () -> {
                    int status = readiness();
                    if (readinessSeen.isEmpty()
                            || readinessSeen.get(readinessSeen.size() - 1) != status) {
                        readinessSeen.add(status);
                    }
                    if (!server.isAlive() || status == 503 && embeddedFailed()) {
                        throw new AssertionError(
                                "The first run failed (readiness "
                                        + readinessSeen
                                        + "):\n"
                                        + serverTail());
                    }
                    return status == 200;
                });
        // Not ready while the embedded cluster provisioned, then ready.
        assertThat(readinessSeen).contains(503).endsWith(200);
        assertThat(get("/actuator/health/liveness", "application/json").statusCode())
                .isEqualTo(200);
        await(
                "the ready line",
                Duration.ofSeconds(10),
                () -> serverOutput().contains("Sluice is ready: "));
        String credentialsFile = data.resolve("owner-credentials.json").toString();
        String base = "http://127.0.0.1:" + port;
        assertThat(serverOutput())
                .contains(
                        "Sluice is ready: API "
                                + base
                                + ", portal "
                                + base
                                + "/portal, Owner credentials "
                                + credentialsFile)
                .doesNotContain(
                        JSON.readTree(data.resolve("owner-credentials.json").toFile())
                                .path("clientSecret")
                                .asString());

        // Anonymous health is the status only; a browser at / goes to the portal.
        HttpResponse<String> health = get("/actuator/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
        assertThat(JSON.readTree(health.body()).has("components")).isFalse();
        assertThat(health.body()).doesNotContain(data.toString()).doesNotContain("http");
        HttpResponse<String> root = get("/", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElse("")).endsWith("/portal");
        assertThat(get("/", "application/json").statusCode()).isEqualTo(401);

        // The CLI part of the Quickstart.
        Path output = temp.resolve("counts");
        cli(
                "jar",
                "upload",
                "examples/counter-flink1/target/counter-flink1-v1.jar",
                "--name",
                "counter.jar");
        cli(
                "job",
                "new",
                "counter",
                "--jar",
                "counter.jar",
                "--entry-class",
                "dev.sluice.examples.counter.CounterJob",
                "--args",
                "--output " + output,
                "--parallelism",
                "2",
                "--wait");
        JsonNode job = JSON.readTree(cli("job", "show", "counter", "-o", "json"));
        assertThat(job.path("properties").path("status").asString()).isEqualTo("RUNNING");

        String down = cli("down");
        assertThat(down).contains("stopped local Flink cluster session");
        // No stray Flink log named after an unresolved property anywhere in the copy.
        try (Stream<Path> files = Files.walk(clone)) {
            assertThat(files.filter(f -> f.getFileName().toString().contains("${")).toList())
                    .isEmpty();
        }
    }

    /** The files git tracks or would track (not ignored), copied with their modes. */
    static Path cleanCopy(Path repo, Path target) throws IOException, InterruptedException {
        Process git =
                new ProcessBuilder(
                                "git",
                                "ls-files",
                                "-z",
                                "--cached",
                                "--others",
                                "--exclude-standard")
                        .directory(repo.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files").isZero();
        for (String name : listing.split("\0")) {
            Path source = repo.resolve(name);
            if (name.isEmpty() || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                continue; // deleted in the working tree, or a symlink
            }
            Path copy = target.resolve(name);
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (Stream<Path> dirs = Files.walk(target)) {
            assertThat(dirs.filter(d -> d.getFileName().toString().equals("target")).toList())
                    .as("a clean copy has nothing built")
                    .isEmpty();
        }
        assertThat(target.resolve("sluice")).isExecutable();
        return target;
    }

    private ProcessBuilder sluice(String... args) {
        List<String> line = new ArrayList<>();
        line.add("./sluice");
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(clone.toFile());
        builder.environment().put("SLUICE_DATA_DIR", data.toString());
        builder.environment().put("SLUICE_PORT", Integer.toString(port));
        // A newcomer has no CLI login: the Owner's credentials of the data dir are used.
        builder.environment().put("XDG_CONFIG_HOME", temp.resolve("config").toString());
        builder.environment().remove("SLUICE_CREDENTIALS_FILE");
        builder.environment().remove("SLUICE_TOKEN");
        return builder.redirectErrorStream(true);
    }

    /** Runs a CLI command to its end; returns its output, failing on a non-zero exit. */
    private String cli(String... args) throws IOException, InterruptedException {
        Process process = sluice(args).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("./sluice " + String.join(" ", args) + ":\n" + output + "\n" + serverTail())
                .isZero();
        return output;
    }

    private int readiness() {
        try {
            return get("/actuator/health/readiness", "application/json").statusCode();
        } catch (IOException e) {
            return -1; // not listening yet (still building or starting)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private boolean embeddedFailed() {
        try {
            return JSON.readTree(get("/actuator/health/readiness", "application/json").body())
                    .path("status")
                    .asString()
                    .equals("DOWN");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> get(String path, String accept)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String serverOutput() {
        try {
            return Files.readString(temp.resolve("server.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String serverTail() {
        String output = serverOutput();
        return output.substring(Math.max(0, output.length() - 6000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
