package dev.sluice.server.deploy.local;

import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.deploy.local.FlinkProcessLauncher.ResourceParams;
import dev.sluice.server.deploy.local.FlinkProcessLauncher.Role;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink HistoryServer of each local cluster whose configuration names an archive directory
 * ({@value #ARCHIVE_KEY}): started beside the cluster by a periodic look (every {@code every}),
 * started again when it died, and stopped with the cluster ({@link #stop}). Its own {@code
 * historyserver/conf} holds the cluster's configuration plus its web port on 127.0.0.1; its heap
 * comes from {@value #JAVA_OPTS_KEY}. Its pid and port are kept in {@code
 * historyserver.properties}.
 */
final class HistoryServers implements AutoCloseable {

    static final String ARCHIVE_KEY = "historyserver.archive.fs.dir";
    static final String JAVA_OPTS_KEY = "env.java.opts.historyserver";
    static final String PROCESS = "historyserver";

    private static final Logger LOG = LoggerFactory.getLogger(HistoryServers.class);
    private static final String STATE = "historyserver.properties";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Object LOCK = new Object();
    private static final List<String> OWN_KEYS =
            List.of(
                    "historyserver.web.address",
                    "historyserver.web.port",
                    "historyserver.web.tmpdir",
                    "historyserver.archive.fs.refresh-interval");

    private final LocalProcessDeployer deployer;
    private final FlinkRuntimes runtimes;
    private final ClusterStateFiles state;
    private final FlinkProcessLauncher launcher = new FlinkProcessLauncher();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-historyserver"));

    HistoryServers(
            LocalProcessDeployer deployer, FlinkRuntimes runtimes, Path dataDir, Duration every) {
        this.deployer = deployer;
        this.runtimes = runtimes;
        this.state =
                new ClusterStateFiles(dataDir.resolve("clusters").toAbsolutePath().normalize());
        scheduler.scheduleWithFixedDelay(
                this::superviseAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void superviseAll() {
        // An exception escaping a scheduled task silently cancels all its later runs.
        for (String name : deployer.recorded()) {
            try {
                supervise(name);
            } catch (RuntimeException e) {
                LOG.warn("Supervising the HistoryServer of {} failed: {}", name, e.toString());
            }
        }
    }

    /** Starts the cluster's HistoryServer when its cluster runs, asks for one, and has none. */
    void supervise(String name) {
        // With stop: a cluster's stop stops its JobManager first, so a start that looks after
        // it finds the cluster gone, and one that started before is stopped by it.
        synchronized (LOCK) {
            superviseLocked(name);
        }
    }

    private void superviseLocked(String name) {
        Optional<LocalCluster> cluster = state.read(name);
        if (cluster.isEmpty()
                || !ClusterStateFiles.isOurs(
                        cluster.get().jobManagerPid(), cluster.get().directory())) {
            return;
        }
        Path dir = Path.of(cluster.get().directory());
        List<String> config = configLines(dir);
        Optional<String> archive = value(config, ARCHIVE_KEY);
        if (archive.isEmpty()) {
            stopLocked(dir);
            return;
        }
        Properties recorded = read(dir);
        long pid = Long.parseLong(recorded.getProperty("pid", "0"));
        if (ClusterStateFiles.isOurs(pid, dir.toString())) {
            return;
        }
        String previous = recorded.getProperty("port");
        int port =
                previous != null && LocalPorts.isFree(Integer.parseInt(previous))
                        ? Integer.parseInt(previous)
                        : LocalPorts.freePort();
        Path conf = dir.resolve(PROCESS).resolve("conf");
        writeConfig(dir, conf, config, port);
        List<String> heap =
                value(config, JAVA_OPTS_KEY)
                        .map(opts -> Arrays.asList(opts.replace("'", "").trim().split("\\s+")))
                        .orElse(List.of());
        Process process =
                launcher.start(
                        runtimes.resolve(cluster.get().flinkVersion()),
                        dir,
                        conf,
                        dir.resolve("log"),
                        PROCESS,
                        Role.HISTORYSERVER,
                        new ResourceParams(heap, List.of()),
                        List.of());
        recorded.setProperty("pid", Long.toString(process.pid()));
        recorded.setProperty("port", Integer.toString(port));
        write(dir, recorded);
        LOG.info(
                "HistoryServer of cluster {} started on 127.0.0.1:{} (pid {}), archive {}",
                name,
                port,
                process.pid(),
                archive.get());
    }

    /** The web UI of the cluster's HistoryServer while it runs. */
    static Optional<URI> webUrl(Path clusterDir) {
        Properties recorded = read(clusterDir);
        long pid = Long.parseLong(recorded.getProperty("pid", "0"));
        if (!ClusterStateFiles.isOurs(pid, clusterDir.toString())) {
            return Optional.empty();
        }
        return Optional.of(URI.create("http://127.0.0.1:" + recorded.getProperty("port")));
    }

    /** Stops the cluster's HistoryServer, if one runs: SIGTERM, SIGKILL after a grace. */
    static void stop(Path clusterDir) {
        synchronized (LOCK) {
            stopLocked(clusterDir);
        }
    }

    private static void stopLocked(Path clusterDir) {
        Properties recorded = read(clusterDir);
        long pid = Long.parseLong(recorded.getProperty("pid", "0"));
        if (ClusterStateFiles.isOurs(pid, clusterDir.toString())) {
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            handle.destroy();
            Instant deadline = Instant.now().plus(STOP_GRACE);
            while (handle.isAlive() && Instant.now().isBefore(deadline)) {
                ClusterReadiness.sleep(Duration.ofMillis(100));
            }
            handle.destroyForcibly();
        }
        try {
            Files.deleteIfExists(clusterDir.resolve(STATE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + clusterDir.resolve(STATE), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** The cluster's configuration without the keys the HistoryServer gets its own values of. */
    private static void writeConfig(Path dir, Path conf, List<String> cluster, int port) {
        List<String> lines = new ArrayList<>();
        for (String line : cluster) {
            if (OWN_KEYS.stream().noneMatch(key -> line.startsWith(key + ":"))) {
                lines.add(line);
            }
        }
        lines.add("historyserver.web.address: 127.0.0.1");
        lines.add("historyserver.web.port: " + port);
        lines.add("historyserver.web.tmpdir: " + dir.resolve("tmp").resolve(PROCESS));
        // Finished jobs show within seconds rather than Flink's default 10 s.
        lines.add("historyserver.archive.fs.refresh-interval: 2000");
        try {
            Files.createDirectories(conf);
            FlinkConfigFile.writeLines(conf.resolve("config.yaml"), lines);
            Files.copy(
                    dir.resolve("conf").resolve("log4j.properties"),
                    conf.resolve("log4j.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the HistoryServer's configuration", e);
        }
    }

    private static List<String> configLines(Path dir) {
        Path config = dir.resolve("conf").resolve("config.yaml");
        try {
            return Files.isRegularFile(config) ? Files.readAllLines(config) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + config, e);
        }
    }

    private static Optional<String> value(List<String> config, String key) {
        return config.stream()
                .filter(line -> line.startsWith(key + ":"))
                .map(line -> line.substring(key.length() + 1).trim())
                .findFirst();
    }

    private static Properties read(Path dir) {
        Properties recorded = new Properties();
        Path file = dir.resolve(STATE);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                recorded.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return recorded;
    }

    private static void write(Path dir, Properties recorded) {
        try (Writer out = Files.newBufferedWriter(dir.resolve(STATE))) {
            recorded.store(out, "The cluster's HistoryServer (Sluice)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(STATE), e);
        }
    }
}
