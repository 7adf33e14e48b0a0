package dev.sluice.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Azure Storage emulator (Blob service only) on loopback, for the Azure storage tests.
 * The npm package is pinned in {@code src/test/azurite/package-lock.json} and installed with {@code
 * npm ci} into {@code target/azurite} on first use, so a clean clone needs only Node.js and npm.
 */
public final class AzuriteServer implements AutoCloseable {

    /** Azurite's well-known development account (public, documented by Microsoft). */
    public static final String ACCOUNT = "devstoreaccount1";

    /** The development account's well-known key; a test value, not a secret. */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path workspace;
    private final int port;
    private final Thread shutdownHook;

    private AzuriteServer(Process process, Path workspace, int port) {
        this.process = process;
        this.workspace = workspace;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The emulator's development port, which Hadoop's WASB emulator mode hard-wires. */
    public static final int DEVELOPMENT_PORT = 10000;

    /** Installs Azurite when needed and starts its Blob service on a free loopback port. */
    public static AzuriteServer start() throws IOException {
        return start(freePort());
    }

    /**
     * Starts the Blob service on {@link #DEVELOPMENT_PORT}, for Flink's WASB driver in emulator
     * mode (the azure-storage SDK under it knows only {@code http://127.0.0.1:10000}).
     *
     * @throws IllegalStateException when something else listens there
     */
    public static AzuriteServer startOnDevelopmentPort() throws IOException {
        if (listening(DEVELOPMENT_PORT)) {
            throw new IllegalStateException(
                    "Something already listens on 127.0.0.1:"
                            + DEVELOPMENT_PORT
                            + ", which Hadoop's WASB emulator mode needs for Azurite");
        }
        return start(DEVELOPMENT_PORT);
    }

    private static AzuriteServer start(int port) throws IOException {
        Path bin = install();
        Path workspace = Files.createTempDirectory("sluice-azurite-");
        List<String> command =
                List.of(
                        bin.toString(),
                        "--blobHost",
                        "127.0.0.1",
                        "--blobPort",
                        Integer.toString(port),
                        "--location",
                        workspace.toString(),
                        // The SDK from the BOM may be newer than the emulator's API version.
                        "--skipApiVersionCheck",
                        "--loose",
                        "--silent");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(workspace.resolve("azurite.log").toFile())
                        .start();
        AzuriteServer server = new AzuriteServer(process, workspace, port);
        try {
            TestFlink.await(
                    "Azurite listening on 127.0.0.1:" + port,
                    START_TIMEOUT,
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(
                                    "Azurite exited with "
                                            + process.exitValue()
                                            + ": "
                                            + server.log());
                        }
                        return listening(port);
                    });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The port of the Blob service. */
    public int port() {
        return port;
    }

    /** The Blob endpoint of the development account, path-style as Azurite serves it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the Azure SDK in tests (uploading outside Sluice). */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName="
                + ACCOUNT
                + ";AccountKey="
                + KEY
                + ";BlobEndpoint="
                + endpoint()
                + ";";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs anyway.
        }
        deleteTree(workspace);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(workspace.resolve("azurite.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The {@code azurite-blob} launcher in {@code target/azurite}, running {@code npm ci} there
     * first when it is missing or the pinned lock file changed. A file lock keeps two test JVMs
     * from installing at once.
     */
    static Path install() throws IOException {
        Path source = TestFlink.repoRoot().resolve("sluice-server/src/test/azurite");
        Path target = TestFlink.repoRoot().resolve("sluice-server/target/azurite");
        Files.createDirectories(target);
        Path bin = target.resolve("node_modules/.bin/azurite-blob");
        Path installedLock = target.resolve("installed-package-lock.json");
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        try (FileChannel channel =
                        FileChannel.open(
                                target.resolve(".install.lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (Files.isExecutable(bin)
                    && Files.exists(installedLock)
                    && Arrays.equals(Files.readAllBytes(installedLock), lock)) {
                return bin;
            }
            for (String file : List.of("package.json", "package-lock.json")) {
                Files.copy(
                        source.resolve(file),
                        target.resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = target.resolve("npm-ci.log");
            // --ignore-scripts: nothing of the emulator's needs an install script.
            Process npm =
                    new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                            .directory(target.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            try {
                if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    npm.destroyForcibly();
                    throw new IOException("npm ci of Azurite timed out; see " + log);
                }
            } catch (InterruptedException e) {
                npm.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted installing Azurite", e);
            }
            if (npm.exitValue() != 0 || !Files.isExecutable(bin)) {
                throw new IOException(
                        "npm ci of Azurite failed ("
                                + npm.exitValue()
                                + "): "
                                + Files.readString(log));
            }
            Files.write(installedLock, lock);
            return bin;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
