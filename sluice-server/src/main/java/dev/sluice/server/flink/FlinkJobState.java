package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** A Flink job's status as Flink reports it (Flink's JobStatus), plus UNKNOWN for newer ones. */
public enum FlinkJobState {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    RECONCILING,
    /** A status this client does not know; a newer Flink must not break the observer. */
    UNKNOWN;

    /** Lenient parse, so that a status added by a future Flink maps to UNKNOWN, not an error. */
    @JsonCreator
    public static FlinkJobState parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** FINISHED, CANCELED or FAILED: the job will never run again in this cluster. */
    public boolean isGloballyTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
