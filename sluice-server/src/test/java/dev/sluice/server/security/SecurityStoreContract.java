package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What SecurityStore promises, against a database migrated by Flyway (V2__security.sql); one
 * subclass per database Sluice supports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecurityStoreContract {

    private static final String POOL =
            "/subscriptions/s1/resourceGroups/rg_1/providers/Microsoft.HDInsight/clusterpools/p1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

    private JdbcClient jdbc;
    private SecurityStore store;

    abstract DataSource startDatabase() throws Exception;

    abstract void stopDatabase() throws Exception;

    @BeforeAll
    void migrate() throws Exception {
        DataSource dataSource = startDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        store = new SecurityStore(jdbc);
    }

    @AfterAll
    void stop() throws Exception {
        stopDatabase();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM audit_log").update();
        jdbc.sql("DELETE FROM role_assignments").update();
        jdbc.sql("DELETE FROM security_principals").update();
    }

    private static RoleAssignment assignment(String id, String principal, Role role, String scope) {
        return new RoleAssignment(id, principal, role, Scope.parse(scope), "creator", T0);
    }

    @Test
    void keepsPrincipalsWithTheirHashOnly() {
        store.insertPrincipal(
                new SecurityStore.PrincipalRow("c1", "first", "{bcrypt}hash1", "owner", T0));
        store.insertPrincipal(
                new SecurityStore.PrincipalRow("c2", null, "{bcrypt}hash2", null, T0));

        SecurityStore.PrincipalRow found = store.findPrincipal("c1").orElseThrow();
        assertThat(found.displayName()).isEqualTo("first");
        assertThat(found.secretHash()).isEqualTo("{bcrypt}hash1");
        assertThat(found.createdBy()).isEqualTo("owner");
        assertThat(found.createdAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(store.findPrincipal("C1")).as("client ids are exact").isEmpty();
        assertThat(store.listPrincipals())
                .extracting(SecurityStore.PrincipalRow::clientId)
                .containsExactly("c1", "c2");
        assertThatThrownBy(
                        () ->
                                store.insertPrincipal(
                                        new SecurityStore.PrincipalRow("c1", null, "h", null, T0)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void deletingAPrincipalDeletesItsAssignments() {
        store.insertPrincipal(new SecurityStore.PrincipalRow("c1", null, "h", null, T0));
        store.putAssignment(assignment("a1", "c1", Role.Reader, "/"));
        store.putAssignment(assignment("a2", "external-sub", Role.Reader, "/"));

        assertThat(store.deletePrincipal("c1")).isTrue();
        assertThat(store.deletePrincipal("c1")).isFalse();
        assertThat(store.assignmentsOf("c1")).isEmpty();
        assertThat(store.listAssignments()).extracting(RoleAssignment::id).containsExactly("a2");
    }

    @Test
    void insertsReplacesAndDeletesAssignments() {
        assertThat(store.putAssignment(assignment("a1", "alice", Role.Reader, POOL))).isTrue();
        RoleAssignment stored = store.findAssignment("a1").orElseThrow();
        assertThat(stored.scope().value()).isEqualTo(POOL);
        assertThat(stored.role()).isEqualTo(Role.Reader);
        assertThat(stored.createdBy()).isEqualTo("creator");

        RoleAssignment replacement =
                new RoleAssignment(
                        "a1", "alice", Role.Owner, Scope.parse("/subscriptions/s1"), "other", T0);
        assertThat(store.putAssignment(replacement)).isFalse();
        RoleAssignment replaced = store.findAssignment("a1").orElseThrow();
        assertThat(replaced.role()).isEqualTo(Role.Owner);
        assertThat(replaced.scope().value()).isEqualTo("/subscriptions/s1");
        assertThat(replaced.createdBy()).as("kept from the first PUT").isEqualTo("creator");

        assertThat(store.deleteAssignment("a1")).isTrue();
        assertThat(store.deleteAssignment("a1")).isFalse();
        assertThat(store.findAssignment("a1")).isEmpty();
    }

    @Test
    void aPrincipalHoldsARoleAtAScopeOnce() {
        store.putAssignment(assignment("a1", "alice", Role.Reader, POOL));

        assertThatThrownBy(
                        () ->
                                store.putAssignment(
                                        assignment("a2", "alice", Role.Reader, POOL.toUpperCase())))
                .isInstanceOf(DuplicateKeyException.class);
        store.putAssignment(assignment("a3", "alice", Role.Owner, POOL));
        store.putAssignment(assignment("a4", "bob", Role.Reader, POOL));
        assertThat(store.assignmentsOf("alice"))
                .extracting(RoleAssignment::id)
                .containsExactly("a1", "a3");
    }

    @Test
    void findsTheOwnersAtTheRoot() {
        store.putAssignment(assignment("a1", "alice", Role.Owner, "/"));
        store.putAssignment(assignment("a2", "bob", Role.Owner, "/subscriptions/s1"));
        store.putAssignment(assignment("a3", "carol", Role.Reader, "/"));

        assertThat(store.rootOwners()).extracting(RoleAssignment::id).containsExactly("a1");
    }

    private void audit(Instant at, String principal, String target, int status) {
        jdbc.sql(
                        "INSERT INTO audit_log (occurred_at, principal, operation, target, status)"
                                + " VALUES (:at, :principal, 'PUT x', :target, :status)")
                .param("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
                .param("principal", principal)
                .param("target", target)
                .param("status", status)
                .update();
    }

    @Test
    void keepsAuditEntriesAndPagesThemNewestFirst() {
        store.insertAudit(new AuditEntry(0, T0, "alice", "runJob STOP", POOL, 202, "127.0.0.1"));
        store.insertAudit(
                new AuditEntry(0, T0.plusSeconds(1), "anonymous", "PUT p", POOL, 401, null));
        store.insertAudit(new AuditEntry(0, T0.plusSeconds(2), "bob", "DELETE p", POOL, 403, null));

        List<AuditEntry> all = store.audit(null, null, null, null, 10);
        assertThat(all)
                .extracting(AuditEntry::principal)
                .containsExactly("bob", "anonymous", "alice");
        AuditEntry oldest = all.get(2);
        assertThat(oldest.operation()).isEqualTo("runJob STOP");
        assertThat(oldest.target()).isEqualTo(POOL);
        assertThat(oldest.status()).isEqualTo(202);
        assertThat(oldest.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(oldest.time()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));

        List<AuditEntry> first = store.audit(null, null, null, null, 2);
        assertThat(first).extracting(AuditEntry::principal).containsExactly("bob", "anonymous");
        assertThat(store.audit(null, null, first.get(1).id(), null, 2))
                .extracting(AuditEntry::principal)
                .containsExactly("alice");
    }

    @Test
    void filtersAuditEntriesByTime() {
        audit(T0, "a", POOL, 200);
        audit(T0.plusSeconds(60), "b", POOL, 200);
        audit(T0.plusSeconds(120), "c", POOL, 200);

        assertThat(store.audit(T0.plusSeconds(60), null, null, null, 10))
                .extracting(AuditEntry::principal)
                .containsExactly("c", "b");
        assertThat(store.audit(null, T0.plusSeconds(60), null, null, 10))
                .extracting(AuditEntry::principal)
                .containsExactly("a");
        assertThat(store.audit(T0.plusSeconds(1), T0.plusSeconds(119), null, null, 10))
                .extracting(AuditEntry::principal)
                .containsExactly("b");
    }

    @Test
    void filtersAuditEntriesByScopeOnWholeSegmentsInAnyCase() {
        audit(T0, "pool", POOL, 200);
        audit(T0, "cluster", POOL.toUpperCase() + "/clusters/c1", 200);
        audit(T0, "sibling", POOL + "0", 200);
        // '_' is a LIKE wildcard: "rg_1" must not match "rgx1".
        audit(T0, "wildcard", POOL.replace("rg_1", "rgx1"), 200);
        audit(T0, "security", "/providers/Sluice.Security/principals", 201);

        List<String> poolKey = List.of(Scope.parse(POOL).key());
        assertThat(store.audit(null, null, null, poolKey, 10))
                .extracting(AuditEntry::principal)
                .containsExactlyInAnyOrder("pool", "cluster");
        assertThat(store.audit(null, null, null, List.of(), 10)).isEmpty();
        assertThat(
                        store.audit(
                                null,
                                null,
                                null,
                                List.of(poolKey.get(0), "/providers/sluice.security"),
                                10))
                .hasSize(3);
    }
}
