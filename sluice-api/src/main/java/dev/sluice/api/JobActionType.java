package dev.sluice.api;

/**
 * The runJob actions of the HDInsight API (and its 2023-11 additions); the wire value is the name.
 */
public enum JobActionType {
    /** Upload the jar and run it; the job name must be unused. */
    NEW,
    /** Stop with a savepoint. */
    STOP,
    /** Run from a savepoint (the last, or {@code savePointName}). */
    START,
    /** Stop with a savepoint, then run the jar as it is now in storage from it. */
    UPDATE,
    /** Cancel and run the jar fresh, without state. */
    STATELESS_UPDATE,
    /** Take a savepoint; the job keeps running. */
    SAVEPOINT,
    /** List the job's savepoints, newest first, in {@code jobOutput}. */
    LIST_SAVEPOINT,
    /** Cancel; final. */
    CANCEL,
    /** Remove the job's record; savepoint files stay. */
    DELETE,
    /** Run the jar from the latest retained checkpoint. */
    LAST_STATE_UPDATE,
    /** Run a failed job again from its newest checkpoint or savepoint. */
    RE_LAUNCH
}
