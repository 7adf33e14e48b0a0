package dev.sluice.bench;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A Sluice server run from its Boot jar as a process of its own, as a user starts it. */
final class ServerProcess implements AutoCloseable {

    /** Every server this JVM started and did not stop yet, for the shutdown hook. */
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final Process process;
    private final int port;
    private final Path dataDir;
    private double startMillis;
    private final HttpClient http;
    private final OwnerToken token;

    private ServerProcess(
            Process process, int port, Path dataDir, HttpClient http, OwnerToken token) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.http = http;
        this.token = token;
    }

    /**
     * Starts {@code java -jar sluice-server.jar} with the benchmark's settings plus {@code extra}
     * and returns once /actuator/health answers 200; the server's output goes to {@code
     * <dataDir>/server.log}.
     */
    static ServerProcess start(Repo repo, Path dataDir, Map<String, String> extra) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The JVM options ./sluice up gives the server, then any for a profile of the server
        // under the benchmark's load (e.g. a flight recording).
        command.addAll(repo.serverJvmOptions());
        String jvmOptions = System.getenv().getOrDefault("SLUICE_BENCH_JVM_OPTS", "").strip();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.add("-jar");
        command.add(repo.serverJar().toString());
        command.add("--sluice.embedded-cluster.enabled=false");
        command.add("--sluice.data-dir=" + dataDir);
        command.add("--server.port=" + port);
        command.add("--sluice.clusters.min-memory-mb=1024");
        // What ./sluice up passes too: the runtimes are found wherever the command runs from.
        command.add("--sluice.flink-runtime-root=" + repo.runtimeRoot());
        extra.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + dataDir, e);
        }
        Path log = dataDir.resolve("server.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        OwnerToken token = new OwnerToken(dataDir, "http://127.0.0.1:" + port, http);
        long started = System.nanoTime();
        Process process;
        try {
            process =
                    serverProcess(command)
                            .directory(repo.root().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the server: " + e.getMessage(), e);
        }
        ServerProcess server = new ServerProcess(process, port, dataDir, http, token);
        LIVE.add(server);
        try {
            server.awaitHealthy(started, log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.startMillis = (System.nanoTime() - started) / 1e6;
        return server;
    }

    /** As ./sluice up runs it: two malloc arenas unless the environment says otherwise. */
    private static ProcessBuilder serverProcess(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        return builder;
    }

    private void awaitHealthy(long started, Path log) {
        HttpRequest.Builder health =
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5));
        while (System.nanoTime() - started < START_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                // Health answers without a token, before and after authentication arrived.
                HttpResponse<Void> response =
                        http.send(health.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
            Pause.of(Duration.ofMillis(20));
        }
        throw new IllegalStateException(
                "The server was not healthy within "
                        + START_TIMEOUT.toSeconds()
                        + " s; see "
                        + log);
    }

    /** Milliseconds from launching the JVM to the first 200 of /actuator/health. */
    double startMillis() {
        return startMillis;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    SluiceApi api() {
        return new SluiceApi(baseUrl(), http, token);
    }

    ProcStat proc() {
        return new ProcStat(process.pid());
    }

    /** Stops the server (SIGTERM, then SIGKILL after a grace period) and waits until it exited. */
    @Override
    public void close() {
        LIVE.remove(this);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every server still running (an interrupted or failed run). */
    static void closeAll() {
        for (ServerProcess server : List.copyOf(LIVE)) {
            server.close();
        }
    }

    /**
     * Stops the local Flink clusters a server started under {@code dataDir} ({@code java -jar
     * sluice-server.jar down}, what {@code ./sluice down} runs): they outlive the server by design.
     */
    static void stopLocalClusters(Repo repo, Path dataDir) {
        if (!Files.isDirectory(dataDir.resolve("clusters"))) {
            return;
        }
        ProcessBuilder down =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                repo.serverJar().toString(),
                                "down")
                        .directory(repo.root().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        dataDir.resolve("down.log").toFile()));
        down.environment().put("SLUICE_DATA_DIR", dataDir.toString());
        try {
            Process process = down.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the server's down command", e);
        } catch (InterruptedException e) {
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
