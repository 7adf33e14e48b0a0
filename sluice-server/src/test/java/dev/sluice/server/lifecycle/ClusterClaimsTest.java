package dev.sluice.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import dev.sluice.server.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The claim of a cluster operation between two servers ("a" and "b") on one freshly migrated H2
 * database: one claimant wins, an expired claim is taken over with a higher fence by the periodic
 * look, and the stalled holder's late write is refused. Time is a hand-moved clock.
 */
class ClusterClaimsTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final String POOL =
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.hdinsight/clusterpools/p";
    private static final String EXTERNAL = POOL + "/clusters/external";
    private static final String LOCAL = POOL + "/clusters/local";

    private JdbcClient jdbc;
    private ResourceStore store;
    private MovableClock clock;
    private Leases leasesOfA;
    private Leases leasesOfB;
    private ClusterClaims a;
    private ClusterClaims b;
    private final List<String> resumedByB = new ArrayList<>();

    @BeforeEach
    void database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:claims-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).load().migrate();
        jdbc = JdbcClient.create(h2);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(h2);
        store = new ResourceStore(jdbc, transactions);
        clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
        leasesOfA = new Leases(jdbc, transactions, TTL, "a", clock);
        leasesOfB = new Leases(jdbc, transactions, TTL, "b", clock);
        a = new ClusterClaims(leasesOfA, store);
        b = new ClusterClaims(leasesOfB, store);
        store.upsertPool(
                new PoolRecord(POOL, "s", "rg", "p", "local", Map.of(), "Succeeded", null, null));
        store.upsertCluster(cluster(EXTERNAL, true, ClusterProvisioner.PROVISIONING));
        store.upsertCluster(cluster(LOCAL, false, ClusterProvisioner.PROVISIONING));
        heartbeat();
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void ofTwoClaimantsOneWinsAndTheOtherLeavesTheOperationToIt() {
        assertThat(a.claim(EXTERNAL)).contains(new Lease(ClusterClaims.PREFIX + EXTERNAL, "a", 1));
        AtomicBoolean ranOnB = new AtomicBoolean();

        b.claimed(EXTERNAL, () -> ranOnB.set(true)).run();
        b.takeOver(key -> false, resumedByB::add);

        assertThat(ranOnB).isFalse();
        assertThat(resumedByB).doesNotContain(EXTERNAL);
    }

    @Test
    void anExpiredClaimIsTakenOverWithAHigherFenceAndTheStalledHoldersWriteIsRefused() {
        Lease stalled = a.claim(EXTERNAL).orElseThrow();
        clock.advance(TTL.plusSeconds(1));
        heartbeat();

        b.takeOver(key -> false, resumedByB::add);

        assertThat(resumedByB).containsExactly(EXTERNAL);
        Lease taken = leasesOfB.holder(ClusterClaims.PREFIX + EXTERNAL).orElseThrow();
        assertThat(taken.owner()).isEqualTo("b");
        assertThat(taken.fence()).isGreaterThan(stalled.fence());
        assertThatThrownBy(() -> a.write(EXTERNAL, () -> setState(ClusterProvisioner.FAILED)))
                .isInstanceOf(StaleLeaseException.class);
        assertThat(state()).isEqualTo(ClusterProvisioner.PROVISIONING);
        b.write(EXTERNAL, () -> setState(ClusterProvisioner.SUCCEEDED));
        assertThat(state()).isEqualTo(ClusterProvisioner.SUCCEEDED);
    }

    @Test
    void aStoppingServerHandsItsClaimsBackAtOnceAndItsLateWriteIsRefused() {
        a.claim(EXTERNAL).orElseThrow();

        a.stop();

        assertThat(b.claim(EXTERNAL)).isPresent();
        assertThatThrownBy(() -> a.write(EXTERNAL, () -> setState(ClusterProvisioner.FAILED)))
                .isInstanceOf(StaleLeaseException.class);
        assertThat(state()).isEqualTo(ClusterProvisioner.PROVISIONING);
    }

    @Test
    void aRenewedClaimABusyClusterAndAFinishedOneAreNotTakenOver() {
        Lease held = a.claim(EXTERNAL).orElseThrow();
        clock.advance(TTL.minusSeconds(1));
        assertThat(leasesOfA.renew(held)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        heartbeat();
        b.takeOver(key -> false, resumedByB::add);
        assertThat(resumedByB).isEmpty();

        a.release(EXTERNAL);
        b.takeOver(key -> key.equals(EXTERNAL), resumedByB::add);
        assertThat(resumedByB).isEmpty();

        setState(ClusterProvisioner.SUCCEEDED);
        b.takeOver(key -> false, resumedByB::add);
        assertThat(resumedByB).isEmpty();
    }

    @Test
    void aLocalClustersOperationIsTakenOverOnlyByTheOneLiveServer() {
        b.takeOver(key -> false, resumedByB::add);
        assertThat(resumedByB).containsExactly(EXTERNAL);

        leasesOfA.leave();
        b.takeOver(key -> false, resumedByB::add);

        assertThat(resumedByB).containsExactly(EXTERNAL, LOCAL);
    }

    @Test
    void aReleasedClaimIsFreeAtOnceAndAWriteWithoutAClaimIsNotFenced() {
        a.claimed(EXTERNAL, () -> {}).run();
        assertThat(b.claim(EXTERNAL).orElseThrow().fence()).isEqualTo(2);

        a.write(LOCAL, () -> store.deleteCluster(LOCAL));

        assertThat(store.findCluster(LOCAL)).isEmpty();
    }

    private void heartbeat() {
        leasesOfA.heartbeat();
        leasesOfB.heartbeat();
    }

    private void setState(String state) {
        store.updateCluster(EXTERNAL, r -> r.withState(state, state, null, r.restUrl()));
    }

    private String state() {
        return store.findCluster(EXTERNAL).orElseThrow().provisioningState();
    }

    private static ClusterRecord cluster(String id, boolean external, String state) {
        return new ClusterRecord(
                id,
                POOL,
                id.substring(id.lastIndexOf('/') + 1),
                "local",
                Map.of(),
                "{\"clusterProfile\":{\"flinkVersion\":\"1.20\"}}",
                external,
                external ? "http://127.0.0.1:1" : null,
                "file:///tmp/storage",
                "1.20",
                state,
                "Starting",
                null,
                null,
                null);
    }
}
