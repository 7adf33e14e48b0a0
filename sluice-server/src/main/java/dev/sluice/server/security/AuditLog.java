package dev.sluice.server.security;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/** Records mutating calls and reads them back, newest first. */
@Component
class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final SecurityStore store;

    AuditLog(SecurityStore store) {
        this.store = store;
    }

    /**
     * Appends one entry. A database failure is logged, not thrown: the call it describes has been
     * answered already.
     */
    void record(
            String principal, String operation, String target, int status, String remoteAddress) {
        AuditEntry entry =
                new AuditEntry(
                        0,
                        SecurityStore.now(),
                        cut(principal, 1024),
                        cut(operation, 1024),
                        cut(target, 4096),
                        status,
                        cut(remoteAddress, 256));
        try {
            store.insertAudit(entry);
        } catch (DataAccessException e) {
            LOG.error(
                    "Could not write the audit entry for {} by {} ({})",
                    entry.operation(),
                    entry.principal(),
                    status,
                    e);
        }
    }

    /** A page of entries and the token of the next, null on the last page. */
    record Page(List<AuditEntry> entries, String skipToken) {}

    /**
     * Entries newest first.
     *
     * @param scopes only entries under these scopes, or null for all
     */
    Page read(Instant from, Instant to, Long beforeId, List<Scope> scopes, int top) {
        List<String> prefixes = scopes == null ? null : scopes.stream().map(Scope::key).toList();
        List<AuditEntry> entries = store.audit(from, to, beforeId, prefixes, top + 1);
        if (entries.size() <= top) {
            return new Page(entries, null);
        }
        List<AuditEntry> page = entries.subList(0, top);
        return new Page(page, Long.toString(page.get(top - 1).id()));
    }

    private static String cut(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
