package dev.sluice.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Sluice server as users run it: the server's Boot jar in its own JVM, data under a test
 * directory, the bundled Flink runtimes. {@link #close()} stops the server and then every Flink
 * process it started, as {@code ./sluice down} does.
 */
final class ServerProcess implements AutoCloseable {

    /** Test-only process memory; the product minimum is 1800 MB. */
    static final int TEST_MEMORY_MB = 1024;

    private final Path repo;
    private final Path data;
    private final Path log;
    private final int port;
    private Process process;

    private ServerProcess(Path repo, Path data, int port) {
        this.repo = repo;
        this.data = data;
        this.log = data.resolveSibling("server.log");
        this.port = port;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("sluice.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** The runnable server jar: the Boot jar, under whichever name the server module gives it. */
    static Path serverJar(Path repo) throws IOException {
        Path target = repo.resolve("sluice-server/target");
        Path exec = target.resolve("sluice-server-0.1.0-SNAPSHOT-exec.jar");
        Path plain = target.resolve("sluice-server-0.1.0-SNAPSHOT.jar");
        Path jar = Files.isRegularFile(exec) ? exec : plain;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run ./mvnw package first");
        }
        return jar;
    }

    static ServerProcess start(Path data) throws IOException, InterruptedException {
        ServerProcess server = new ServerProcess(repoRoot(), data, freePort());
        server.launch();
        return server;
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(data);
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java(),
                                "-Xmx512m",
                                "-jar",
                                serverJar(repo).toString(),
                                "--server.port=" + port,
                                "--sluice.data-dir=" + data,
                                "--sluice.flink-runtime-root="
                                        + repo.resolve("flink-runtime/target"),
                                "--sluice.embedded-cluster.enabled=false",
                                "--sluice.clusters.min-memory-mb=" + TEST_MEMORY_MB,
                                "--sluice.observer.tick=500ms"));
        process =
                new ProcessBuilder(command)
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        awaitHttp(Duration.ofSeconds(120));
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path data() {
        return data;
    }

    Path log() {
        return log;
    }

    /** Any HTTP answer of the health endpoint means the server listens (it may want a token). */
    private void awaitHttp(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The server exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(
                "The server did not answer within " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        // The server leaves its Flink clusters running by design; `down` stops them.
        ProcessBuilder down =
                new ProcessBuilder(java(), "-jar", serverJar(repo).toString(), "down")
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(data.resolveSibling("down.log").toFile());
        down.environment().put("SLUICE_DATA_DIR", data.toString());
        Process stopping = down.start();
        if (!stopping.waitFor(60, TimeUnit.SECONDS)) {
            stopping.destroyForcibly().waitFor();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
