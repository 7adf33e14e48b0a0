package dev.sluice.server.job;

import dev.sluice.server.flink.FlinkJobState;

/** What Sluice knows a job to be doing; observed from Flink or set by a finished action. */
public enum JobStatus {
    /** Registered, never ran (for example a NEW whose submission failed). */
    NOT_STARTED,
    INITIALIZING,
    RUNNING,
    RESTARTING,
    /**
     * Stopped with a savepoint, by Sluice or outside it (the observer tells a stop-with-savepoint
     * from its checkpoint statistics); START resumes it.
     */
    STOPPED,
    FAILED,
    /** Ended by itself (a bounded job); START needs a savepoint, STATELESS_UPDATE starts fresh. */
    FINISHED,
    CANCELLED,
    /** The cluster does not answer; the reason says why. Never a guess at FAILED. */
    UNKNOWN;

    /** Statuses in which a Flink job should exist and the observer follows it. */
    public boolean isLive() {
        return this == INITIALIZING || this == RUNNING || this == RESTARTING || this == UNKNOWN;
    }

    /**
     * What a Flink job state means for a Sluice job. FINISHED stays FINISHED here: whether a
     * savepoint stopped the job (STOPPED) takes its checkpoint statistics, which the action that
     * stopped it or the observer reads.
     */
    public static JobStatus fromFlink(FlinkJobState state) {
        return switch (state) {
            case RUNNING -> RUNNING;
            case CREATED, INITIALIZING, RECONCILING -> INITIALIZING;
            case RESTARTING, FAILING -> RESTARTING;
            case FAILED -> FAILED;
            case CANCELLING, CANCELED -> CANCELLED;
            case FINISHED -> FINISHED;
            default -> UNKNOWN;
        };
    }
}
