package dev.sluice.server.portal;

import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.savepoint.SavepointState;

/** One savepoint of a job's history as its page shows it, with how it was taken. */
record SavepointHistoryRow(
        String name,
        String time,
        String kind,
        String size,
        boolean usable,
        String state,
        String uri,
        String note) {

    static SavepointHistoryRow of(SavepointRecord r) {
        String note =
                switch (r.state()) {
                    case DISPOSED -> "disposed " + SavepointChoice.time(r.disposedAt());
                    case DISPOSE_FAILED -> "disposal failed: " + r.disposeError();
                    case AVAILABLE -> "";
                };
        return new SavepointHistoryRow(
                r.entry().name(),
                SavepointChoice.time(r.time()),
                r.kind().stored(),
                SavepointChoice.size(r.entry().sizeBytes()),
                r.usable(),
                r.state() == SavepointState.AVAILABLE ? "available" : r.state().name(),
                r.uri(),
                note);
    }
}
