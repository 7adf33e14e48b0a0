package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.CLUSTER;
import static dev.sluice.server.store.StoreFixtures.OTHER_CLUSTER;
import static dev.sluice.server.store.StoreFixtures.T1;
import static dev.sluice.server.store.StoreFixtures.T2;
import static dev.sluice.server.store.StoreFixtures.T3;
import static dev.sluice.server.store.StoreFixtures.action;
import static dev.sluice.server.store.StoreFixtures.copy;
import static dev.sluice.server.store.StoreFixtures.everyMutableFieldChanged;
import static dev.sluice.server.store.StoreFixtures.job;
import static dev.sluice.server.store.StoreFixtures.sparseJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What JobStore promises, against a freshly migrated database; one subclass per database, which
 * names it by a StoreDatabase extension.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobStoreContract {

    private StoreDatabase database;
    private JobStore jobs;
    private ActionStore actions;
    private TransactionTemplate transaction;

    @BeforeAll
    void start(StoreDatabase database) {
        this.database = database;
        jobs = database.jobs;
        actions = database.actions;
        transaction = database.transaction;
    }

    @BeforeEach
    void emptyTables() {
        database.emptyTables();
    }

    @Test
    void insertedJobRoundTripsEveryField() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders-1.0.jar"));

        assertThat(inserted.id()).isPositive();
        assertThat(inserted.createdAt()).isNotNull().isEqualTo(inserted.updatedAt());
        assertThat(jobs.findById(inserted.id())).contains(inserted);
        assertThat(jobs.find(CLUSTER, "orders")).contains(inserted);
        Job found = jobs.find(CLUSTER, "orders").orElseThrow();
        assertThat(found.spec().flinkConfiguration())
                .containsEntry("savepoint.directory", "abfs://c@a.dfs.core.windows.net/sp")
                .containsEntry("parallelism.default", "2");
        assertThat(found.run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(found.lastAction().type()).isEqualTo(JobActionType.NEW);
        assertThat(found.lastAction().result()).isEqualTo(ActionResult.SUCCESS);
        assertThat(jobs.find(CLUSTER, "missing")).isEmpty();
        assertThat(jobs.find(OTHER_CLUSTER, "orders")).isEmpty();
        assertThat(jobs.findById(inserted.id() + 1000)).isEmpty();
    }

    @Test
    void insertIgnoresThePassedIdAndTimes() {
        Job given = job(CLUSTER, "a", "a.jar");
        Job first = jobs.insert(copy(given, 4242, "a", T3, T3));
        Job second = jobs.insert(job(CLUSTER, "b", "b.jar"));

        assertThat(first.id()).isNotEqualTo(4242);
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first.createdAt()).isNotEqualTo(T3);
    }

    @Test
    void nullFieldsAndEmptyMapsRoundTrip() {
        Job inserted = jobs.insert(sparseJob("sparse"));

        Job found = jobs.findById(inserted.id()).orElseThrow();
        assertThat(found).isEqualTo(inserted);
        assertThat(found.spec().flinkConfiguration()).isEmpty();
        assertThat(found.run().status()).isNull();
        assertThat(found.spec().args()).isNull();
    }

    @Test
    void duplicateNameInTheClusterIsADuplicateKey() {
        jobs.insert(job(CLUSTER, "orders", "orders.jar"));

        assertThatThrownBy(() -> jobs.insert(job(CLUSTER, "orders", "other.jar")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jobs.insert(job(OTHER_CLUSTER, "orders", "orders.jar")).id()).isPositive();
        assertThat(jobs.countByCluster(CLUSTER)).isEqualTo(1);
    }

    @Test
    void listFiltersAndPagesByName() {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            jobs.insert(job(CLUSTER, name, name.compareTo("c") < 0 ? "small.jar" : "big.jar"));
        }
        jobs.insert(job(OTHER_CLUSTER, "a", "small.jar"));

        assertThat(names(jobs.list(CLUSTER, null, null, null, 2))).containsExactly("a", "b");
        assertThat(names(jobs.list(CLUSTER, null, null, "b", 2))).containsExactly("c", "d");
        assertThat(names(jobs.list(CLUSTER, null, null, "d", 2))).containsExactly("e");
        assertThat(jobs.list(CLUSTER, null, null, "e", 2)).isEmpty();
        assertThat(names(jobs.list(CLUSTER, "c", null, null, 10))).containsExactly("c");
        assertThat(names(jobs.list(CLUSTER, null, "small.jar", null, 10)))
                .containsExactly("a", "b");
        assertThat(names(jobs.list(CLUSTER, null, "big.jar", "c", 10))).containsExactly("d", "e");
        assertThat(jobs.list(CLUSTER, "a", "big.jar", null, 10)).isEmpty();
        assertThat(names(jobs.listByCluster(CLUSTER))).containsExactly("a", "b", "c", "d", "e");
        assertThat(jobs.countByCluster(CLUSTER)).isEqualTo(5);
        assertThat(jobs.countByCluster(OTHER_CLUSTER)).isEqualTo(1);
        assertThat(jobs.countByCluster("nothing")).isZero();
        assertThatThrownBy(() -> jobs.list(CLUSTER, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateWritesEveryMutableColumn() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));

        Job updated = jobs.update(inserted.id(), StoreFixtures::everyMutableFieldChanged);

        assertThat(updated.createdAt()).isEqualTo(inserted.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(inserted.updatedAt()).isNotEqualTo(T3);
        assertThat(updated)
                .isEqualTo(
                        copy(
                                everyMutableFieldChanged(inserted),
                                inserted.id(),
                                "orders",
                                inserted.createdAt(),
                                updated.updatedAt()));
        assertThat(jobs.findById(inserted.id())).contains(updated);
        assertThat(updated.spec().flinkConfiguration()).containsOnlyKeys("state.checkpoints.dir");
        assertThat(updated.lastAction().activeId()).isEqualTo("action-2");

        Job cleared = jobs.update(inserted.id(), j -> j.withActionEnded(ActionResult.FAILED, null));
        assertThat(jobs.findById(inserted.id())).contains(cleared);
        assertThat(cleared.lastAction().activeId()).isNull();
        assertThat(cleared.lastAction().output()).isNull();
    }

    @Test
    void updateThatThrowsWritesNothing() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));
        IllegalStateException failure = new IllegalStateException("no");

        assertThatThrownBy(
                        () ->
                                jobs.update(
                                        inserted.id(),
                                        database.failingAfter(
                                                "UPDATE jobs SET args = 'x'", failure)))
                .isSameAs(failure);
        assertThat(jobs.findById(inserted.id())).contains(inserted);
    }

    @Test
    void updateCannotChangeTheIdentity() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));

        assertThatThrownBy(
                        () ->
                                jobs.update(
                                        inserted.id(),
                                        j ->
                                                copy(
                                                        j,
                                                        j.id(),
                                                        "other",
                                                        j.createdAt(),
                                                        j.updatedAt())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(jobs.findById(inserted.id())).contains(inserted);
    }

    @Test
    void updateOfAMissingJobThrowsNoSuchElement() {
        assertThatThrownBy(() -> jobs.update(12345, j -> j))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("12345");
    }

    @Test
    void updateJoinsTheCallersTransaction() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));

        transaction.executeWithoutResult(
                status -> {
                    jobs.update(inserted.id(), j -> j.withArgs("in caller's transaction"));
                    status.setRollbackOnly();
                });
        assertThat(jobs.findById(inserted.id())).contains(inserted);

        // A change that throws leaves the caller's transaction usable: it may still commit.
        transaction.executeWithoutResult(
                status -> {
                    IllegalStateException failure = new IllegalStateException("no");
                    assertThatThrownBy(
                                    () ->
                                            jobs.update(
                                                    inserted.id(),
                                                    database.failingAfter(
                                                            "UPDATE jobs SET args = 'x'", failure)))
                            .isSameAs(failure);
                    jobs.update(inserted.id(), j -> j.withArgs("committed"));
                });
        assertThat(jobs.findById(inserted.id()).orElseThrow().spec().args()).isEqualTo("committed");
    }

    @Test
    void updateHoldsTheRowLockUntilItsTransactionEnds() throws Exception {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar").withArgs(""));
        CountDownLatch firstHasLock = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Job> first =
                CompletableFuture.supplyAsync(
                        () ->
                                jobs.update(
                                        inserted.id(),
                                        j -> {
                                            firstHasLock.countDown();
                                            await(release);
                                            return j.withArgs(j.spec().args() + "a");
                                        }));
        assertThat(firstHasLock.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Job> second =
                CompletableFuture.supplyAsync(
                        () -> jobs.update(inserted.id(), j -> j.withArgs(j.spec().args() + "b")));
        Thread.sleep(300);
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).spec().args()).isEqualTo("a");
        assertThat(second.get(10, TimeUnit.SECONDS).spec().args()).isEqualTo("ab");
        assertThat(jobs.findById(inserted.id()).orElseThrow().spec().args()).isEqualTo("ab");
    }

    @Test
    void deleteRemovesTheJobButKeepsItsActions() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));
        actions.insert(action("a1", inserted.id(), ActionResult.SUCCESS, T1));
        actions.insert(action("a2", inserted.id(), ActionResult.SUCCESS, T2));

        jobs.delete(inserted.id());

        assertThat(jobs.findById(inserted.id())).isEmpty();
        assertThat(jobs.countByCluster(CLUSTER)).isZero();
        assertThat(actions.listForJob(inserted.id(), 10))
                .extracting(JobAction::id)
                .containsExactly("a2", "a1");
        jobs.delete(inserted.id()); // a second delete is harmless
    }

    private static List<String> names(List<Job> list) {
        return list.stream().map(Job::name).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
