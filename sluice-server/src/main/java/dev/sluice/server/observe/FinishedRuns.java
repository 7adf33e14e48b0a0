package dev.sluice.server.observe;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a FINISHED run that a savepoint stopped (STOPPED) from one that ended by itself, asking
 * Flink's checkpoint statistics again during a grace, as they may predate the stop.
 */
final class FinishedRuns {

    private static final Logger LOG = LoggerFactory.getLogger(FinishedRuns.class);

    private final Duration grace;
    private final LongSupplier nanoTime;

    /**
     * When each Flink job was first seen FINISHED with no savepoint that stopped it (nanoTime), for
     * the grace its statistics get. Lost on restart, the grace merely starts again.
     */
    private final Map<String, Long> finishedSince = new ConcurrentHashMap<>();

    FinishedRuns(Duration grace, LongSupplier nanoTime) {
        this.grace = grace;
        this.nanoTime = nanoTime;
    }

    /**
     * A FINISHED run as its checkpoint statistics tell it (STOPPED when a savepoint stopped it), or
     * null while they may not tell yet: an ended job is no longer followed, so recording it too
     * early would lose its savepoint for good.
     */
    @Nullable Observed observe(FlinkClient flink, Job job) {
        String id = job.run().flinkJobId();
        try {
            Observed ended = Observed.finished(flink.checkpointStats(id).savepoint().orElse(null));
            if (ended.status() == JobStatus.STOPPED) {
                finishedSince.remove(id);
                return ended;
            }
            // Flink may still serve statistics cached before the stop: ask again for a while.
            return inFinishedGrace(id) ? null : ended;
        } catch (FlinkUnavailableException e) {
            LOG.debug(
                    "Checkpoints of finished job {} not readable yet: {}",
                    job.name(),
                    JobStatusObserver.redact(e.getMessage()));
            return null;
        } catch (FlinkRequestException e) {
            // A 5xx is Flink's statistics handler failing for a moment (1.20 answers 500 with a
            // NullArgumentException while a statistics snapshot is empty): ask again for a while.
            if (e.status() >= 500 && inFinishedGrace(id)) {
                return null;
            }
            // Flink answers but will not tell (it no longer keeps the run's statistics).
            finishedSince.remove(id);
            return Observed.finished(null)
                    .withReason(
                            "Flink reports the job FINISHED; whether a savepoint stopped it could"
                                    + " not be read: "
                                    + JobStatusObserver.redact(e.getMessage()));
        }
    }

    /** Whether a finished run's statistics are still worth asking for again (its grace runs). */
    private boolean inFinishedGrace(String id) {
        long now = nanoTime.getAsLong();
        Long since = finishedSince.putIfAbsent(id, now);
        if (now - (since == null ? now : since) < grace.toNanos()) {
            return true;
        }
        finishedSince.remove(id);
        return false;
    }

    /**
     * Forgets runs long past their grace: one past it is recorded the next round it is met, an
     * entry much older lost its job to an action or a DELETE. Generous, so slow rounds never drop a
     * live one.
     */
    void forgetStale() {
        long stale = nanoTime.getAsLong() - grace.toNanos() - TimeUnit.MINUTES.toNanos(10);
        finishedSince.values().removeIf(since -> since < stale);
    }
}
