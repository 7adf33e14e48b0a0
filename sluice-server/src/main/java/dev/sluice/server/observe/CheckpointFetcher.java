package dev.sluice.server.observe;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.Job;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a running job's newest retained checkpoint, at most once per interval per Flink job. */
final class CheckpointFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFetcher.class);

    private final long everyNanos;
    private final LongSupplier nanoTime;

    /**
     * When each Flink job's checkpoints were last fetched (nanoTime). Only a throttle: losing it on
     * restart costs one early fetch per job.
     */
    private final Map<String, Long> fetchedAt = new ConcurrentHashMap<>();

    CheckpointFetcher(Duration every, LongSupplier nanoTime) {
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The job's newest usable checkpoint path, or its recorded one when not due or not known. */
    @Nullable String latest(FlinkClient flink, Job job) {
        long now = nanoTime.getAsLong();
        Long last = fetchedAt.get(job.run().flinkJobId());
        if (last != null && now - last < everyNanos) {
            return job.restorePoints().checkpoint();
        }
        // Counted before the call so that a failing fetch is throttled as well.
        fetchedAt.put(job.run().flinkJobId(), now);
        try {
            return flink.checkpointStats(job.run().flinkJobId())
                    .completed()
                    // A discarded checkpoint's files are gone: nothing to restore from.
                    .filter(completed -> !completed.discarded())
                    .map(CheckpointStats.Completed::externalPath)
                    .orElse(job.restorePoints().checkpoint());
        } catch (FlinkUnavailableException | FlinkRequestException e) {
            LOG.debug(
                    "Checkpoints of job {} not readable: {}",
                    job.name(),
                    JobStatusObserver.redact(e.getMessage()));
            return job.restorePoints().checkpoint();
        }
    }

    /** Drops entries that no longer throttle anything, so ended runs do not pile up. */
    void forgetExpired() {
        long now = nanoTime.getAsLong();
        fetchedAt.values().removeIf(last -> now - last >= everyNanos);
    }
}
