package dev.sluice.server.job;

/** What Sluice knows a job to be doing; observed from Flink or set by a finished action. */
public enum JobStatus {
    /** Registered, never ran (for example a NEW whose submission failed). */
    NOT_STARTED,
    INITIALIZING,
    RUNNING,
    RESTARTING,
    /** Stopped with a savepoint by Sluice; START resumes it. */
    STOPPED,
    FAILED,
    FINISHED,
    CANCELLED,
    /** The cluster does not answer; the reason says why. Never a guess at FAILED. */
    UNKNOWN;

    /** Statuses in which a Flink job should exist and the observer follows it. */
    public boolean isLive() {
        return this == INITIALIZING || this == RUNNING || this == RESTARTING || this == UNKNOWN;
    }
}
