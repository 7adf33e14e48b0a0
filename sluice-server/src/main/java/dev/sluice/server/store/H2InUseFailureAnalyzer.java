package dev.sluice.server.store;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns H2's "database may be already in use" into what it means for Sluice: another server runs on
 * this data dir, and the embedded H2 database serves one server only.
 */
public final class H2InUseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1. */
    static final int DATABASE_ALREADY_OPEN = 90020;

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        SQLException inUse = cause;
        while (inUse != null && inUse.getErrorCode() != DATABASE_ALREADY_OPEN) {
            inUse = inUse.getCause() instanceof SQLException next ? next : null;
        }
        if (inUse == null) {
            return null;
        }
        return new FailureAnalysis(
                "Another Sluice server is running on this data dir: its embedded H2 database is"
                        + " in use, and H2 serves one server only.",
                "Stop the other server, or give this one its own sluice.data-dir. To run several"
                        + " servers, share a PostgreSQL database (SLUICE_DATABASE_URL) instead.",
                inUse);
    }
}
