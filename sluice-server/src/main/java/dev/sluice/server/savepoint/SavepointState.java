package dev.sluice.server.savepoint;

/** What became of a savepoint in a job's history. */
public enum SavepointState {
    /** Its files are (as far as Sluice knows) in storage. */
    AVAILABLE,
    /** Retention removed its files. */
    DISPOSED,
    /** Retention tried to remove its files and failed; retried, the error kept. */
    DISPOSE_FAILED
}
