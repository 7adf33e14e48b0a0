package dev.sluice.server.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The security tables: service principals, role assignments and the audit log. Timestamps are UTC
 * instants cut to microseconds, as both databases keep them.
 */
@Repository
class SecurityStore {

    private static final String PRINCIPAL_COLUMNS =
            "client_id, display_name, secret_hash, created_by, created_at";
    private static final String ASSIGNMENT_COLUMNS =
            "id, principal_id, role, scope, scope_key, created_by, created_at";
    private static final String AUDIT_COLUMNS =
            "id, occurred_at, principal, operation, target, status, remote_address";
    private static final char LIKE_ESCAPE = '!';

    private final JdbcClient jdbc;

    SecurityStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A service principal as stored: the secret only as its hash. */
    record PrincipalRow(
            String clientId,
            String displayName,
            String secretHash,
            String createdBy,
            Instant createdAt) {}

    // ---- principals

    void insertPrincipal(PrincipalRow principal) {
        jdbc.sql(
                        "INSERT INTO security_principals ("
                                + PRINCIPAL_COLUMNS
                                + ") VALUES (:clientId, :displayName, :secretHash, :createdBy,"
                                + " :createdAt)")
                .param("clientId", principal.clientId())
                .param("displayName", principal.displayName())
                .param("secretHash", principal.secretHash())
                .param("createdBy", principal.createdBy())
                .param("createdAt", timestamp(principal.createdAt()))
                .update();
    }

    Optional<PrincipalRow> findPrincipal(String clientId) {
        return jdbc.sql(
                        "SELECT "
                                + PRINCIPAL_COLUMNS
                                + " FROM security_principals WHERE client_id = :clientId")
                .param("clientId", clientId)
                .query(SecurityStore::principal)
                .optional();
    }

    List<PrincipalRow> listPrincipals() {
        return jdbc.sql(
                        "SELECT "
                                + PRINCIPAL_COLUMNS
                                + " FROM security_principals ORDER BY created_at, client_id")
                .query(SecurityStore::principal)
                .list();
    }

    /** Deletes a principal and its role assignments; false when there was none. */
    boolean deletePrincipal(String clientId) {
        jdbc.sql("DELETE FROM role_assignments WHERE principal_id = :clientId")
                .param("clientId", clientId)
                .update();
        return jdbc.sql("DELETE FROM security_principals WHERE client_id = :clientId")
                        .param("clientId", clientId)
                        .update()
                > 0;
    }

    // ---- role assignments

    List<RoleAssignment> assignmentsOf(String principalId) {
        return jdbc.sql(
                        "SELECT "
                                + ASSIGNMENT_COLUMNS
                                + " FROM role_assignments WHERE principal_id = :principalId"
                                + " ORDER BY id")
                .param("principalId", principalId)
                .query(SecurityStore::assignment)
                .list();
    }

    List<RoleAssignment> listAssignments() {
        return jdbc.sql("SELECT " + ASSIGNMENT_COLUMNS + " FROM role_assignments ORDER BY id")
                .query(SecurityStore::assignment)
                .list();
    }

    Optional<RoleAssignment> findAssignment(String id) {
        return jdbc.sql("SELECT " + ASSIGNMENT_COLUMNS + " FROM role_assignments WHERE id = :id")
                .param("id", id)
                .query(SecurityStore::assignment)
                .optional();
    }

    /**
     * Inserts the assignment, or replaces the one with its id (keeping createdAt and createdBy).
     *
     * @return true when it was inserted
     * @throws org.springframework.dao.DuplicateKeyException when the principal already holds that
     *     role at that scope under another id
     */
    boolean putAssignment(RoleAssignment assignment) {
        int updated =
                jdbc.sql(
                                "UPDATE role_assignments SET principal_id = :principalId,"
                                        + " role = :role, scope = :scope, scope_key = :scopeKey"
                                        + " WHERE id = :id")
                        .param("principalId", assignment.principalId())
                        .param("role", assignment.role().name())
                        .param("scope", assignment.scope().value())
                        .param("scopeKey", assignment.scope().key())
                        .param("id", assignment.id())
                        .update();
        if (updated > 0) {
            return false;
        }
        jdbc.sql(
                        "INSERT INTO role_assignments ("
                                + ASSIGNMENT_COLUMNS
                                + ") VALUES (:id, :principalId, :role, :scope, :scopeKey,"
                                + " :createdBy, :createdAt)")
                .param("id", assignment.id())
                .param("principalId", assignment.principalId())
                .param("role", assignment.role().name())
                .param("scope", assignment.scope().value())
                .param("scopeKey", assignment.scope().key())
                .param("createdBy", assignment.createdBy())
                .param("createdAt", timestamp(assignment.createdAt()))
                .update();
        return true;
    }

    boolean deleteAssignment(String id) {
        return jdbc.sql("DELETE FROM role_assignments WHERE id = :id").param("id", id).update() > 0;
    }

    /** The Owner assignments at {@code /}: the last one must never go. */
    List<RoleAssignment> rootOwners() {
        return jdbc.sql(
                        "SELECT "
                                + ASSIGNMENT_COLUMNS
                                + " FROM role_assignments WHERE role = :role AND scope_key = '/'"
                                + " ORDER BY id")
                .param("role", Role.Owner.name())
                .query(SecurityStore::assignment)
                .list();
    }

    // ---- audit

    /** Appends an entry; its id is assigned by the database. */
    void insertAudit(AuditEntry entry) {
        jdbc.sql(
                        "INSERT INTO audit_log (occurred_at, principal, operation, target, status,"
                                + " remote_address) VALUES (:at, :principal, :operation, :target,"
                                + " :status, :remoteAddress)")
                .param("at", timestamp(entry.time()))
                .param("principal", entry.principal())
                .param("operation", entry.operation())
                .param("target", entry.target())
                .param("status", entry.status())
                .param("remoteAddress", entry.remoteAddress())
                .update();
    }

    /**
     * Audit entries, newest first.
     *
     * @param from earliest time (inclusive), or null
     * @param to latest time (exclusive), or null
     * @param beforeId only entries with a smaller id (the paging token), or null
     * @param targetPrefixes only entries whose lower-case target starts with one of these (each
     *     ending with "/" or equal to the target), or null for all
     */
    List<AuditEntry> audit(
            Instant from, Instant to, Long beforeId, List<String> targetPrefixes, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT " + AUDIT_COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(timestamp(from));
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
            params.add(timestamp(to));
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            params.add(beforeId);
        }
        if (targetPrefixes != null) {
            if (targetPrefixes.isEmpty()) {
                return List.of();
            }
            sql.append(" AND (");
            for (int i = 0; i < targetPrefixes.size(); i++) {
                String prefix = targetPrefixes.get(i);
                sql.append(i == 0 ? "" : " OR ")
                        .append("LOWER(target) = ? OR LOWER(target) LIKE ? ESCAPE '")
                        .append(LIKE_ESCAPE)
                        .append("'");
                params.add(prefix);
                params.add(likePrefix(prefix + "/"));
            }
            sql.append(")");
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params).query(SecurityStore::audit).list();
    }

    // ---- rows

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null
                ? null
                : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A LIKE pattern matching strings starting with {@code prefix} taken literally. */
    private static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (char c : prefix.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    private static PrincipalRow principal(ResultSet rs, int row) throws SQLException {
        return new PrincipalRow(
                rs.getString("client_id"),
                rs.getString("display_name"),
                rs.getString("secret_hash"),
                rs.getString("created_by"),
                instant(rs, "created_at"));
    }

    private static RoleAssignment assignment(ResultSet rs, int row) throws SQLException {
        return new RoleAssignment(
                rs.getString("id"),
                rs.getString("principal_id"),
                Role.valueOf(rs.getString("role")),
                new Scope(rs.getString("scope")),
                rs.getString("created_by"),
                instant(rs, "created_at"));
    }

    private static AuditEntry audit(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                instant(rs, "occurred_at"),
                rs.getString("principal"),
                rs.getString("operation"),
                rs.getString("target"),
                rs.getInt("status"),
                rs.getString("remote_address"));
    }
}
