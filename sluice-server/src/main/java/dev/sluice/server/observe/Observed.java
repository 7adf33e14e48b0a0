package dev.sluice.server.observe;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The status and reason the observer derives for a job from what Flink says (or does not say), and
 * the savepoint an ended run left, when Flink names one.
 */
record Observed(JobStatus status, @Nullable String reason, @Nullable String savepoint) {

    /** A FAILED job's reason until Flink's root cause is read. */
    static final String FAILED = "Flink reports the job FAILED";

    static final String CANCELLED_OUTSIDE = "cancelled outside Sluice";

    static final String STOPPED_OUTSIDE =
            "stopped with a savepoint outside Sluice (Flink's UI, CLI or REST API, or an action"
                    + " Sluice lost); START resumes it from that savepoint";

    Observed(JobStatus status, @Nullable String reason) {
        this(status, reason, null);
    }

    /**
     * Flink's state as a Sluice status. A FAILED job gets a generic reason here; the observer
     * replaces it with Flink's root cause, which takes a call of its own.
     */
    static Observed of(FlinkJobState state) {
        return new Observed(JobStatus.fromFlink(state), reason(state));
    }

    private static @Nullable String reason(FlinkJobState state) {
        return switch (state) {
            case FAILED -> FAILED;
            // Sluice's own CANCEL runs as an action, which the observer leaves alone; so a
            // cancellation the observer sees came from somewhere else (Flink UI, CLI, REST).
            case CANCELLING, CANCELED -> CANCELLED_OUTSIDE;
            // SUSPENDED is not final: a JobManager regaining leadership resumes the job.
            case SUSPENDED ->
                    "Flink suspended the job (its JobManager lost leadership or is shutting"
                            + " down); it resumes if a JobManager takes it over";
            case UNKNOWN -> "Flink reports a job state Sluice does not know";
            default -> null;
        };
    }

    /**
     * A run Flink reports FINISHED, told apart by its latest savepoint: one that stopped the job
     * (stop-with-savepoint outside Sluice, or by an action Sluice lost) makes it STOPPED, so START
     * resumes it; otherwise the run ended by itself (a bounded job) and is FINISHED. Either way a
     * savepoint Flink names is recorded, so START can restore it.
     */
    static Observed finished(CheckpointStats.@Nullable Completed latestSavepoint) {
        CheckpointStats.Completed usable =
                latestSavepoint == null
                                || latestSavepoint.discarded()
                                || latestSavepoint.externalPath() == null
                        ? null
                        : latestSavepoint;
        if (usable != null && usable.stoppedTheJob()) {
            return new Observed(JobStatus.STOPPED, STOPPED_OUTSIDE, usable.externalPath());
        }
        return new Observed(
                JobStatus.FINISHED, null, usable == null ? null : usable.externalPath());
    }

    /** A live job the cluster does not list at all: Flink forgot it, so it will not come back. */
    static Observed vanished(String flinkJobId) {
        return new Observed(
                JobStatus.FAILED,
                "Flink no longer knows job " + flinkJobId + "; the cluster may have restarted");
    }

    /** The cluster does not answer: the job may well be running, so never FAILED. */
    static Observed unreachable(String reason) {
        return new Observed(JobStatus.UNKNOWN, reason);
    }

    /** A failure in one line: Flink's outermost exception and the root cause behind it. */
    static String describe(JobFailure failure) {
        if (failure.stackTrace() != null && !failure.stackTrace().isBlank()) {
            return failure.summary();
        }
        return failure.rootCause() != null ? failure.rootCause() : failure.message();
    }

    Observed withReason(String newReason) {
        return new Observed(status, newReason, savepoint);
    }

    /** Whether recording this changes the job; a savepoint is news only when Flink names one. */
    boolean differsFrom(Job job) {
        return job.run().status() != status
                || !Objects.equals(job.run().statusReason(), reason)
                || (savepoint != null && !savepoint.equals(job.restorePoints().savepoint()));
    }
}
