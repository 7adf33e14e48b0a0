package dev.sluice.server.job;

/** The runJob actions of the HDInsight API, plus the 2023-11 additions. */
public enum ActionType {
    NEW,
    STOP,
    START,
    UPDATE,
    STATELESS_UPDATE,
    SAVEPOINT,
    LIST_SAVEPOINT,
    CANCEL,
    DELETE,
    LAST_STATE_UPDATE,
    RE_LAUNCH
}
