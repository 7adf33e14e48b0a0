package dev.sluice.server.logs;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.LogAggregation;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Copies the JobManager and TaskManager logs of every local cluster that enables job log
 * aggregation to its remote log directory, once per interval. Incremental: a log that only grew
 * since the last copy gets the new bytes appended; a rolled-over or replaced one is copied again.
 * What was copied is read from the copies themselves, so a restarted server just carries on.
 */
@Component
class LogAggregator implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LogAggregator.class);

    // A log that grew has the copy as its prefix; comparing the head tells a grown log from a
    // rolled-over one (which starts with another timestamp).
    private static final int HEAD_BYTES = 4096;

    private final ClusterRegistry clusters;
    private final LocalProcessDeployer deployer;
    private final Map<String, Instant> lastCopied = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService scheduler;

    LogAggregator(ClusterRegistry clusters, LocalProcessDeployer deployer) {
        this.clusters = clusters;
        this.deployer = deployer;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        DaemonThreads.named("sluice-log-aggregation"));
        scheduler.scheduleWithFixedDelay(this::safeTick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void safeTick() {
        try {
            tick(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("Log aggregation round failed: {}", e.toString());
        }
    }

    /** Copies the logs of every cluster whose interval has passed. */
    void tick(Instant now) {
        for (ClusterRecord cluster : clusters.all()) {
            if (cluster.external()) {
                continue;
            }
            LogAggregation settings;
            try {
                settings = LogAggregation.of(cluster, clusters.flinkConfiguration(cluster));
            } catch (RuntimeException e) {
                continue; // validated on PUT; a storage root gone since is reported by GET logs
            }
            Instant last = lastCopied.get(cluster.id());
            if (!settings.enabled()
                    || (last != null && now.isBefore(last.plus(settings.interval())))) {
                continue;
            }
            lastCopied.put(cluster.id(), now);
            Path logs =
                    deployer.directory(ClusterRegistry.deploymentId(cluster.id(), cluster.name()))
                            .resolve("log");
            try {
                copy(logs, settings.directory());
            } catch (IOException e) {
                LOG.warn(
                        "Copying the logs of cluster {} to {} failed: {}",
                        cluster.name(),
                        settings.directory(),
                        e.toString());
            }
        }
    }

    /** Brings every log of {@code from} up to date in {@code to}. */
    static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path source : files.filter(Files::isRegularFile).toList()) {
                copyFile(source, to.resolve(source.getFileName().toString()));
            }
        }
    }

    private static void copyFile(Path source, Path target) throws IOException {
        long size = Files.size(source);
        long copied = Files.isRegularFile(target) ? Files.size(target) : -1;
        if (copied == size && (size == 0 || sameHead(source, target, size))) {
            return;
        }
        if (copied > 0 && copied < size && sameHead(source, target, copied)) {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                    FileChannel out =
                            FileChannel.open(
                                    target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                long position = copied;
                while (position < size) {
                    position += in.transferTo(position, size - position, out);
                }
            }
            return;
        }
        // New, rolled over or replaced: the whole file, never half of one.
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean sameHead(Path source, Path target, long length) throws IOException {
        int n = (int) Math.min(HEAD_BYTES, length);
        return Arrays.equals(head(source, n), head(target, n));
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }
}
