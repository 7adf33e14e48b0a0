package dev.sluice.server.flink;

/**
 * How a job restored from a savepoint treats its files, sent as the run request's "claimMode"
 * (accepted by Flink 1.20 and 2.x alike; 1.20's older "restoreMode" name is not needed).
 */
public enum ClaimMode {
    /** The job takes ownership of the snapshot and may delete it later. */
    CLAIM,
    /** The snapshot stays the caller's; the job's first checkpoint is a full one. */
    NO_CLAIM,
    /** Deprecated in Flink; kept because both 1.20 and 2.3 still accept it. */
    LEGACY
}
