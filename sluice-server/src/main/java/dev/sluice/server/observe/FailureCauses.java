package dev.sluice.server.observe;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobRun;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a FAILED run's root cause, and reads it again on later rounds while Flink's exceptions
 * answer is empty: Flink serves it from a cache ({@code web.refresh-interval}) that can predate the
 * failure, so the first answer may not know it yet.
 */
final class FailureCauses {

    /** How long after a failure Flink may take to report its root cause before Sluice gives up. */
    static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final Duration rereadAfter;
    private final LongSupplier wallClockMillis;

    FailureCauses(Duration rereadAfter, LongSupplier wallClockMillis) {
        this.rereadAfter = rereadAfter;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * A FAILED job's reason: Flink's root cause, or the generic reason marked {@link
     * JobRun#CAUSE_PENDING} while Flink's answer has none yet. A pending reason is read again once
     * {@code rereadAfter} passed since the job's end, then every round until the cause arrives;
     * null when there is nothing new to record this round.
     */
    @Nullable String reason(FlinkClient flink, Job job, JobOverview seen) {
        boolean pending = job.run().causePending();
        String base = pending ? base(job.run().statusReason()) : Observed.FAILED;
        // Flink always sends a FAILED job's end time; without one, read again but never give up.
        long endedAgo =
                seen.endTime() == null
                        ? rereadAfter.toMillis()
                        : wallClockMillis.getAsLong() - seen.endTime();
        if (pending && endedAgo < rereadAfter.toMillis()) {
            return null;
        }
        try {
            Optional<JobFailure> failure = flink.jobFailure(job.run().flinkJobId());
            if (failure.isPresent()) {
                String cause = Observed.describe(failure.get());
                return base.equals(Observed.FAILED) ? cause : base + ": " + cause;
            }
        } catch (FlinkUnavailableException e) {
            if (pending) {
                return null;
            }
            return unreadable(base, e);
        } catch (FlinkRequestException e) {
            return unreadable(base, e);
        }
        if (!pending) {
            return base + JobRun.CAUSE_PENDING;
        }
        return endedAgo > GIVE_UP.toMillis() ? base + " without an exception" : null;
    }

    /**
     * The root cause that completes a pending reason also completes the jobOutput of the action
     * that saw the run fail ("NEW failed: The job FAILED instead of running ...").
     */
    static Job completeOutput(Job next, Job seen, @Nullable String reason) {
        String output = next.lastAction().output();
        if (!seen.run().causePending()
                || reason == null
                || reason.endsWith(JobRun.CAUSE_PENDING)
                || output == null
                || !output.endsWith(JobRun.CAUSE_PENDING)) {
            return next;
        }
        String base = base(seen.run().statusReason());
        String cause = reason.startsWith(base) ? reason.substring(base.length()) : ": " + reason;
        return next.withActionEnded(next.lastAction().result(), base(output) + cause);
    }

    private static String base(String pendingText) {
        return pendingText.substring(0, pendingText.length() - JobRun.CAUSE_PENDING.length());
    }

    private static String unreadable(String base, RuntimeException e) {
        return base
                + "; its exception could not be read: "
                + JobStatusObserver.redact(e.getMessage());
    }
}
