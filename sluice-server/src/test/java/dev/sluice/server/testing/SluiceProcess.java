package dev.sluice.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server in a JVM of its own ({@link StepHoldingServer} on the test classpath), which a
 * crash test kills with SIGKILL and starts again on the same data directory and database.
 */
public final class SluiceProcess implements AutoCloseable {

    /** The exit status of a JVM killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private String token;

    private SluiceProcess(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts a server on a free port with its data under {@code dataDir}, holding actions as the
     * file {@code holds} says, and returns once its health answers 200. Its output is appended to
     * {@code log}. {@code properties} come on top of the test settings (the datasource stays the
     * default, H2 under the data directory, unless they name one).
     */
    public static SluiceProcess start(
            Path dataDir, Path holds, Path log, Map<String, String> properties) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dsluice.test.holds=" + holds);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StepHoldingServer.class.getName());
        command.add("--server.port=" + port);
        command.add("--sluice.data-dir=" + dataDir);
        command.add("--sluice.flink-runtime-root=" + TestFlink.runtimeRoot());
        command.add("--sluice.embedded-cluster.enabled=false");
        command.add("--sluice.clusters.min-memory-mb=" + TestFlink.TEST_MEMORY_MB);
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(dataDir);
            Process process =
                    new ProcessBuilder(command)
                            .directory(TestFlink.repoRoot().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            SluiceProcess server = new SluiceProcess(process, port, dataDir, log);
            try {
                server.awaitHealthy();
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the server: " + e.getMessage(), e);
        }
    }

    private void awaitHealthy() {
        HttpRequest health =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        TestFlink.await(
                "the server answers health (log: " + log + ")",
                START_TIMEOUT,
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(
                                "The server exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        return HTTP.send(health, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false; // not listening yet
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("Interrupted", e);
                    }
                });
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** A client of this server that sends the Owner's token. */
    public ArmClient api() {
        return new ArmClient(port, this::ownerToken);
    }

    /** A token of the Owner, fetched once per server. */
    public synchronized String ownerToken() {
        if (token == null) {
            token = SluiceTestServer.ownerToken(dataDir, port);
        }
        return token;
    }

    /** Sends SIGKILL without waiting; {@link #kill()} waits and checks. */
    void killNow() {
        process.destroyForcibly();
    }

    /**
     * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux) and checks that it
     * was SIGKILL that ended it: no shutdown hook, no closing of the database ran.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed server exited").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
        assertThat(process.exitValue()).as("exit status of a SIGKILL").isEqualTo(SIGKILL_EXIT);
    }

    /** Stops the server gracefully (SIGTERM), then for good if it does not stop. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
