package dev.sluice.server.flink;

/** Savepoint format ("formatType"); CANONICAL is portable across state backends. */
public enum SavepointFormat {
    CANONICAL,
    NATIVE
}
