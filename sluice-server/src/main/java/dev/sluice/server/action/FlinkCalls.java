package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.ActionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How steps call Flink: retrying while the cluster does not answer, polling until a condition
 * holds, and asking for a job's state; all with the configured patience. A job's state comes from
 * GET /jobs/overview, which Flink's Dispatcher answers live: GET /jobs/:jobid is served from a
 * cache kept for the cluster's {@code web.refresh-interval} (3 s by default, and not Sluice's to
 * set on an external cluster), so the first read of a deploying job would pin its picture for that
 * long.
 */
final class FlinkCalls {

    /**
     * The first pause of a wait; it stays for {@link #HOLD}, then grows by {@link #BACK_OFF} up to
     * the poll interval.
     */
    static final Duration FIRST_POLL = Duration.ofMillis(20);

    /**
     * How long a wait keeps its first pause: what a wait waits for (a savepoint, tasks deploying, a
     * job ending) mostly takes a few hundred ms, and a wait that ends then should overshoot by one
     * short pause, not by a grown one (about 50 loopback calls in that second).
     */
    static final Duration HOLD = Duration.ofSeconds(1);

    /**
     * Gentle, so a wait ends at most ~10 % after what it waited for (x2 could add 100 %): a wait
     * reaches a 500 ms pause after about 35 polls, some 5 s in, and a loopback or LAN REST call
     * costs about a millisecond.
     */
    static final double BACK_OFF = 1.1;

    private final ActionProperties properties;

    FlinkCalls(ActionProperties properties) {
        this.properties = properties;
    }

    ActionProperties properties() {
        return properties;
    }

    /** Calls Flink, retrying while the cluster does not answer, up to the configured patience. */
    <T> T retrying(ActionRun run, Supplier<T> call) {
        Instant deadline = Instant.now().plus(properties.unavailableRetry());
        while (true) {
            try {
                return call.get();
            } catch (FlinkUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ActionFailure(
                            "Cluster '"
                                    + run.cluster().name()
                                    + "' did not answer for "
                                    + properties.unavailableRetry().toSeconds()
                                    + " s: "
                                    + e.getMessage());
                }
                pause();
            }
        }
    }

    /** Polls until {@code poll} gives a value, failing the action after {@code timeout}. */
    <T> T await(Duration timeout, String what, Supplier<T> poll) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Instant hold = start.plus(HOLD);
        // What is awaited often takes only tens of ms: short pauses first, backing off to the
        // configured interval.
        double pause = Math.min(FIRST_POLL.toMillis(), properties.pollInterval().toMillis());
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ActionFailure(
                        "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep((long) pause);
            if (Instant.now().isAfter(hold)) {
                pause = Math.min(pause * BACK_OFF, properties.pollInterval().toMillis());
            }
        }
    }

    /** The Flink state of a job id, empty when Flink does not know it. */
    Optional<FlinkJobState> stateOf(ActionRun run, String flinkJobId) {
        return overviewOf(run, flinkJobId).map(JobOverview::state);
    }

    /** The job's entry in the cluster's live jobs overview, empty when Flink does not know it. */
    Optional<JobOverview> overviewOf(ActionRun run, String flinkJobId) {
        if (flinkJobId == null) {
            return Optional.empty();
        }
        List<JobOverview> jobs = retrying(run, () -> run.flink().jobsOverview());
        return jobs.stream().filter(j -> flinkJobId.equals(j.jobId())).findFirst();
    }

    /** Waits one poll interval. */
    void pause() {
        sleep(properties.pollInterval().toMillis());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStopping();
        }
    }
}
