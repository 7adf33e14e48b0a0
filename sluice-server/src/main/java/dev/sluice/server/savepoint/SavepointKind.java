package dev.sluice.server.savepoint;

import java.util.Locale;

/** How a savepoint in a job's history came to be; stored and shown in lower case. */
public enum SavepointKind {
    MANUAL,
    PERIODIC,
    STOP,
    UPDATE,
    DELETE,
    IMPORTED;

    /** The principal of the SAVEPOINT actions the periodic schedule asks for. */
    public static final String PERIODIC_PRINCIPAL = "sluice:periodic";

    /** The stored and displayed value, e.g. {@code periodic}. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SavepointKind fromStored(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** Whether retention may dispose it: only periodic and manual ones count against the limits. */
    public boolean retained() {
        return this == MANUAL || this == PERIODIC;
    }
}
