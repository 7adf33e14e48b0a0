package dev.sluice.server.logs;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.LogAggregation;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.deploy.LogFile;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Copies the JobManager and TaskManager logs of every cluster that enables job log aggregation, as
 * its deployment target lists them, to its remote log directory, once per interval. Incremental: a
 * log that only grew since the last copy gets the new bytes appended; a rolled-over or replaced one
 * is copied again. What was copied is read from the copies themselves, so a restarted server just
 * carries on.
 */
@Component
class LogAggregator implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LogAggregator.class);

    // A log that grew has the copy as its prefix; comparing the head tells a grown log from a
    // rolled-over one (which starts with another timestamp).
    private static final int HEAD_BYTES = 4096;

    private final ClusterRegistry clusters;
    private final DeploymentTargets targets;
    private final Map<String, Instant> lastCopied = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService scheduler;

    LogAggregator(ClusterRegistry clusters, DeploymentTargets targets) {
        this.clusters = clusters;
        this.targets = targets;
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
            try {
                List<LogFile> logs =
                        targets.get(ClusterDefinition.target(cluster))
                                .logs(ClusterRegistry.deploymentId(cluster.id(), cluster.name()));
                copy(clusters.roots(cluster).storage(), logs, settings.directory());
            } catch (IOException | UncheckedIOException e) {
                LOG.warn(
                        "Copying the logs of cluster {} to {} failed: {}",
                        cluster.name(),
                        settings.directory(),
                        e.toString());
            }
        }
    }

    /** Brings every log of {@code logs} up to date in {@code to}. */
    static void copy(Storage storage, List<LogFile> logs, StorageLocation to) throws IOException {
        if (logs.isEmpty()) {
            return;
        }
        storage.createDirectories(to);
        for (LogFile source : logs) {
            copyFile(storage, source, to.child(source.name()));
        }
    }

    private static void copyFile(Storage storage, LogFile source, StorageLocation target)
            throws IOException {
        long size = source.size();
        long copied =
                storage.stat(target)
                        .filter(StorageEntry::isFile)
                        .map(StorageEntry::size)
                        .orElse(-1L);
        if (copied == size && (size == 0 || sameHead(storage, source, target, size))) {
            return;
        }
        if (copied > 0 && copied < size && sameHead(storage, source, target, copied)) {
            // Up to the size listed: what the log grew since is copied next time.
            try (InputStream in = source.open(copied)) {
                storage.append(target, in, size - copied);
            }
            return;
        }
        // New, rolled over or replaced: the whole file, never half of one.
        try (InputStream in = source.open(0)) {
            storage.write(target, in, Long.MAX_VALUE, null);
        }
    }

    private static boolean sameHead(
            Storage storage, LogFile source, StorageLocation target, long length)
            throws IOException {
        int n = (int) Math.min(HEAD_BYTES, length);
        try (InputStream log = source.open(0);
                InputStream copy = storage.read(target, 0)) {
            return Arrays.equals(log.readNBytes(n), copy.readNBytes(n));
        }
    }
}
