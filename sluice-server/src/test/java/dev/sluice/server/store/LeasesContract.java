package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.T1;
import static dev.sluice.server.store.StoreFixtures.action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What Leases promises, two servers ("a" and "b") sharing one freshly migrated database; one
 * subclass per database. Time is a hand-moved clock, so expiry needs no waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LeasesContract {

    private static final Duration TTL = Duration.ofSeconds(10);

    private StoreDatabase database;
    private MovableClock clock;
    private Leases a;
    private Leases b;

    @BeforeAll
    void start(StoreDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void emptyTables() {
        database.emptyTables();
        clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
        a = new Leases(database.jdbc, database.transactionManager, TTL, "a", clock);
        b = new Leases(database.jdbc, database.transactionManager, TTL, "b", clock);
    }

    @Test
    void oneHolderAtATimeAndEveryTakeoverRaisesTheFence() {
        Lease first = a.claim("action:1").orElseThrow();
        assertThat(first).isEqualTo(new Lease("action:1", "a", 1));
        assertThat(b.claim("action:1")).isEmpty();
        assertThat(a.holder("action:1")).contains(first);

        a.release(first);
        Lease second = b.claim("action:1").orElseThrow();

        assertThat(second.fence()).isEqualTo(2);
        assertThat(a.claim("action:1")).isEmpty();
        assertThat(a.renew(first)).isFalse();
        assertThat(b.renew(second)).isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenOverButARenewedOneIsNot() {
        Lease held = a.claim("cluster:c1").orElseThrow();
        clock.advance(TTL.minusSeconds(1));
        assertThat(a.renew(held)).isTrue();
        clock.advance(TTL.minusSeconds(1));
        assertThat(b.claim("cluster:c1")).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        Lease taken = b.claim("cluster:c1").orElseThrow();

        assertThat(taken).isEqualTo(new Lease("cluster:c1", "b", 2));
        assertThat(a.renew(held)).isFalse();
    }

    @Test
    void aStalledOwnersLateWriteIsRejectedAndTheNewOwnersGoesThrough() {
        database.actions.insert(action("act-1", 7, ActionResult.IN_PROGRESS, T1));
        Lease stalled = a.claim("action:act-1").orElseThrow();
        a.fenced(stalled, () -> record("act-1", "SAVEPOINT_TRIGGERED"));
        clock.advance(TTL.plusSeconds(1)); // "a" stalls (a long GC pause) past its lease
        Lease taken = b.claim("action:act-1").orElseThrow();

        assertThatThrownBy(() -> a.fenced(stalled, () -> record("act-1", "SUBMITTED")))
                .isInstanceOf(StaleLeaseException.class)
                .hasMessageContaining("action:act-1");
        assertThat(step("act-1")).isEqualTo("SAVEPOINT_TRIGGERED");

        b.fenced(taken, () -> record("act-1", "SAVEPOINT_COMPLETED"));
        assertThat(step("act-1")).isEqualTo("SAVEPOINT_COMPLETED");
    }

    @Test
    void aFencedWriteInTheCallersTransactionIsUndoneWithIt() {
        database.actions.insert(action("act-2", 7, ActionResult.IN_PROGRESS, T1));
        Lease held = a.claim("action:act-2").orElseThrow();
        a.release(held);

        assertThatThrownBy(
                        () ->
                                database.transaction.executeWithoutResult(
                                        status -> {
                                            database.jdbc
                                                    .sql(
                                                            "UPDATE job_actions SET output = 'x'"
                                                                    + " WHERE id = 'act-2'")
                                                    .update();
                                            a.fenced(held, () -> record("act-2", "SUBMITTED"));
                                        }))
                .isInstanceOf(StaleLeaseException.class);

        JobAction stored = database.actions.find("act-2").orElseThrow();
        assertThat(stored.outcome().output()).isNotEqualTo("x");
    }

    @Test
    void aServerRestartedUnderItsIdTakesItsClaimsBackWithANewFence() {
        Lease before = a.claim("action:3").orElseThrow();
        Leases restarted = new Leases(database.jdbc, database.transactionManager, TTL, "a", clock);

        Lease after = restarted.claim("action:3").orElseThrow();

        assertThat(after.fence()).isEqualTo(before.fence() + 1);
        assertThatThrownBy(() -> a.fenced(before, () -> {}))
                .isInstanceOf(StaleLeaseException.class);
        assertThat(restarted.held("action:")).containsExactly(after);
        assertThat(b.held("action:")).isEmpty();
    }

    @Test
    void ofManyServersClaimingAtOnceExactlyOneWins() throws Exception {
        List<Leases> servers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            servers.add(
                    new Leases(database.jdbc, database.transactionManager, TTL, "s" + i, clock));
        }
        for (String key : List.of("new-key", "released-key")) {
            if (key.equals("released-key")) {
                a.release(a.claim(key).orElseThrow());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Optional<Lease>>> claims = new ArrayList<>();
            for (Leases server : servers) {
                claims.add(
                        () -> {
                            go.await();
                            return server.claim(key);
                        });
            }
            ExecutorService pool = Executors.newFixedThreadPool(servers.size());
            try {
                List<Future<Optional<Lease>>> results = new ArrayList<>();
                for (Callable<Optional<Lease>> claim : claims) {
                    results.add(pool.submit(claim));
                }
                go.countDown();
                int won = 0;
                for (Future<Optional<Lease>> result : results) {
                    won += result.get().isPresent() ? 1 : 0;
                }
                assertThat(won).as(key).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void liveServersAreTheOnesThatBeatRecently() {
        a.heartbeat();
        b.heartbeat();
        assertThat(a.liveServers()).containsExactly("a", "b");

        b.leave();
        assertThat(a.liveServers()).containsExactly("a");

        clock.advance(TTL.plusSeconds(1));
        assertThat(b.liveServers()).isEmpty();
    }

    private void record(String actionId, String step) {
        JobAction current = database.actions.find(actionId).orElseThrow();
        database.actions.update(current.withStep(step));
    }

    private String step(String actionId) {
        return database.actions.find(actionId).orElseThrow().progress().step();
    }
}
