package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.CLUSTER;
import static dev.sluice.server.store.StoreFixtures.OTHER_CLUSTER;
import static dev.sluice.server.store.StoreFixtures.POOL;
import static dev.sluice.server.store.StoreFixtures.T1;
import static dev.sluice.server.store.StoreFixtures.T2;
import static dev.sluice.server.store.StoreFixtures.T3;
import static dev.sluice.server.store.StoreFixtures.action;
import static dev.sluice.server.store.StoreFixtures.cluster;
import static dev.sluice.server.store.StoreFixtures.copy;
import static dev.sluice.server.store.StoreFixtures.everyMutableFieldChanged;
import static dev.sluice.server.store.StoreFixtures.job;
import static dev.sluice.server.store.StoreFixtures.pool;
import static dev.sluice.server.store.StoreFixtures.secondPut;
import static dev.sluice.server.store.StoreFixtures.sparseAction;
import static dev.sluice.server.store.StoreFixtures.sparseJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What JobStore, ActionStore and ResourceStore promise, against a freshly migrated database; one
 * subclass per database Sluice supports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {

    private JdbcClient jdbc;
    private TransactionTemplate transaction;
    private JobStore jobs;
    private ActionStore actions;
    private ResourceStore resources;

    /** Starts the database; the contract migrates it. */
    abstract DataSource startDatabase() throws Exception;

    abstract void stopDatabase() throws Exception;

    @BeforeAll
    void migrate() throws Exception {
        DataSource dataSource = startDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        DataSourceTransactionManager transactionManager =
                new DataSourceTransactionManager(dataSource);
        transaction = new TransactionTemplate(transactionManager);
        jobs = new JobStore(jdbc, transactionManager);
        actions = new ActionStore(jdbc);
        resources = new ResourceStore(jdbc, transactionManager);
    }

    @AfterAll
    void stop() throws Exception {
        stopDatabase();
    }

    @BeforeEach
    void emptyTables() {
        for (String table : List.of("job_actions", "jobs", "operations", "clusters", "pools")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    // ---- jobs

    @Test
    void insertedJobRoundTripsEveryField() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders-1.0.jar"));

        assertThat(inserted.id()).isPositive();
        assertThat(inserted.createdAt()).isNotNull().isEqualTo(inserted.updatedAt());
        assertThat(jobs.findById(inserted.id())).contains(inserted);
        assertThat(jobs.find(CLUSTER, "orders")).contains(inserted);
        Job found = jobs.find(CLUSTER, "orders").orElseThrow();
        assertThat(found.flinkConfiguration())
                .containsEntry("savepoint.directory", "abfs://c@a.dfs.core.windows.net/sp")
                .containsEntry("parallelism.default", "2");
        assertThat(found.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(found.lastAction()).isEqualTo(JobActionType.NEW);
        assertThat(found.actionResult()).isEqualTo(ActionResult.SUCCESS);
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
        assertThat(found.flinkConfiguration()).isEmpty();
        assertThat(found.status()).isNull();
        assertThat(found.args()).isNull();
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
        assertThat(updated.flinkConfiguration()).containsOnlyKeys("state.checkpoints.dir");
        assertThat(updated.activeActionId()).isEqualTo("action-2");

        Job cleared = jobs.update(inserted.id(), j -> j.withActionEnded(ActionResult.FAILED, null));
        assertThat(jobs.findById(inserted.id())).contains(cleared);
        assertThat(cleared.activeActionId()).isNull();
        assertThat(cleared.jobOutput()).isNull();
    }

    @Test
    void updateThatThrowsWritesNothing() {
        Job inserted = jobs.insert(job(CLUSTER, "orders", "orders.jar"));
        IllegalStateException failure = new IllegalStateException("no");

        assertThatThrownBy(
                        () ->
                                jobs.update(
                                        inserted.id(),
                                        failingAfter("UPDATE jobs SET args = 'x'", failure)))
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
                                                    failingAfter(
                                                            "UPDATE jobs SET args = 'x'", failure)))
                            .isSameAs(failure);
                    jobs.update(inserted.id(), j -> j.withArgs("committed"));
                });
        assertThat(jobs.findById(inserted.id()).orElseThrow().args()).isEqualTo("committed");
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
                                            return j.withArgs(j.args() + "a");
                                        }));
        assertThat(firstHasLock.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Job> second =
                CompletableFuture.supplyAsync(
                        () -> jobs.update(inserted.id(), j -> j.withArgs(j.args() + "b")));
        Thread.sleep(300);
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).args()).isEqualTo("a");
        assertThat(second.get(10, TimeUnit.SECONDS).args()).isEqualTo("ab");
        assertThat(jobs.findById(inserted.id()).orElseThrow().args()).isEqualTo("ab");
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

    // ---- actions

    @Test
    void insertedActionRoundTripsEveryField() {
        JobAction full = action("a1", 7, ActionResult.IN_PROGRESS, T1);

        actions.insert(full);

        assertThat(actions.find("a1")).contains(full);
        assertThat(actions.find("a1").orElseThrow().parameters())
                .containsEntry("flinkConfiguration.savepoint.directory", "abfs://sp")
                .containsEntry("args", "--input x");
        assertThat(actions.find("missing")).isEmpty();
        assertThatThrownBy(() -> actions.insert(full)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void insertSetsMissingTimesAndKeepsNulls() {
        JobAction sparse = sparseAction("a1");

        Instant before = Instant.now().minusSeconds(1);
        actions.insert(sparse);

        JobAction found = actions.find("a1").orElseThrow();
        assertThat(found.createdAt()).isAfter(before).isEqualTo(found.updatedAt());
        assertThat(found.endedAt()).isNull();
        assertThat(found.parameters()).isEmpty();
        assertThat(found.principal()).isNull();
        assertThat(found.snapshot()).isNull();
    }

    @Test
    void updateWritesTheWholeActionAndSetsUpdatedAt() {
        actions.insert(action("a1", 7, ActionResult.IN_PROGRESS, T1));
        JobAction stepped =
                actions.find("a1")
                        .orElseThrow()
                        .withStep("submitted")
                        .withFlinkJobId("f9")
                        .withTriggerId("t9")
                        .withSavepointPath("abfs://sp/9");

        JobAction updated = actions.update(stepped);

        assertThat(updated.updatedAt()).isNotEqualTo(T1);
        assertThat(updated.createdAt()).isEqualTo(T1);
        assertThat(actions.find("a1")).contains(updated);

        JobAction ended =
                actions.update(updated.ended(ActionResult.FAILED, "out", "boom", "{\"j\":1}", T3));
        assertThat(actions.find("a1")).contains(ended);
        assertThat(ended.endedAt()).isEqualTo(T3);
        assertThat(ended.failure()).isEqualTo("boom");
        assertThat(actions.findInProgressForJob(7)).isEmpty();
        assertThatThrownBy(() -> actions.update(action("nope", 7, ActionResult.SUCCESS, T1)))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void listsNewestFirstPerJobAndInProgressOldestFirst() {
        actions.insert(action("old", 1, ActionResult.SUCCESS, T1));
        actions.insert(action("mid", 1, ActionResult.FAILED, T2));
        actions.insert(action("new", 1, ActionResult.IN_PROGRESS, T3));
        actions.insert(action("other-late", 2, ActionResult.IN_PROGRESS, T2));
        actions.insert(action("other-early", 3, ActionResult.IN_PROGRESS, T1));

        assertThat(actions.listForJob(1, 10))
                .extracting(JobAction::id)
                .containsExactly("new", "mid", "old");
        assertThat(actions.listForJob(1, 2))
                .extracting(JobAction::id)
                .containsExactly("new", "mid");
        assertThat(actions.listForJob(99, 10)).isEmpty();
        assertThat(actions.listInProgress())
                .extracting(JobAction::id)
                .containsExactly("other-early", "other-late", "new");
        assertThat(actions.findInProgressForJob(1)).map(JobAction::id).contains("new");
        assertThat(actions.findInProgressForJob(2)).map(JobAction::id).contains("other-late");
        assertThat(actions.findInProgressForJob(4)).isEmpty();
    }

    // ---- pools

    @Test
    void poolsUpsertFindListAndDelete() {
        PoolRecord created = resources.upsertPool(pool(POOL, "s1", "rg_1", "Accepted"));
        String sameGroup = "/subscriptions/s1/resourcegroups/rg_1/providers/x/clusterpools/p2";
        String lookalike = "/subscriptions/s1/resourcegroups/rgx1/providers/x/clusterpools/p3";
        String longerSub = "/subscriptions/s10/resourcegroups/rg_1/providers/x/clusterpools/p4";
        String otherSub = "/subscriptions/s2/resourcegroups/rg_1/providers/x/clusterpools/p5";
        resources.upsertPool(pool(sameGroup, "s1", "rg_1", "Succeeded"));
        resources.upsertPool(pool(lookalike, "s1", "rgx1", "Succeeded"));
        resources.upsertPool(pool(longerSub, "s10", "rg_1", "Succeeded"));
        resources.upsertPool(pool(otherSub, "s2", "rg_1", "Succeeded"));

        assertThat(created.createdAt()).isEqualTo(T1);
        assertThat(resources.findPool(POOL)).contains(created);
        assertThat(created.tags()).containsEntry("team.name", "data");
        assertThat(resources.listPools("s1", "rg_1"))
                .extracting(PoolRecord::id)
                .containsExactly(POOL, sameGroup);
        assertThat(resources.listPools("s1", null))
                .extracting(PoolRecord::id)
                .containsExactlyInAnyOrder(POOL, sameGroup, lookalike);
        assertThat(resources.listPools("s3", null)).isEmpty();

        PoolRecord replaced = resources.upsertPool(secondPut(created));
        assertThat(replaced.createdAt()).isEqualTo(T1);
        assertThat(replaced.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(resources.findPool(POOL)).contains(replaced);
        assertThat(replaced.tags()).isEmpty();

        resources.deletePool(POOL);
        assertThat(resources.findPool(POOL)).isEmpty();
        assertThat(resources.listPools("s1", "rg_1"))
                .extracting(PoolRecord::id)
                .containsExactly(sameGroup);
    }

    // ---- clusters

    @Test
    void clustersUpsertFindListAndDelete() {
        ClusterRecord created = resources.upsertCluster(cluster(CLUSTER, POOL, null));
        ClusterRecord other = resources.upsertCluster(cluster(OTHER_CLUSTER, POOL, "http://h:1"));
        String elsewhere =
                "/subscriptions/s2/resourcegroups/g/providers/x/clusterpools/q/clusters/z";
        resources.upsertCluster(cluster(elsewhere, "/subscriptions/s2/.../q", null));

        assertThat(created.createdAt()).isEqualTo(T1);
        assertThat(resources.findCluster(CLUSTER)).contains(created);
        assertThat(resources.findCluster(OTHER_CLUSTER)).contains(other);
        assertThat(other.restUrl()).isEqualTo("http://h:1");
        assertThat(created.restUrl()).isNull();
        assertThat(created.tags()).containsEntry("cost.center", "42");
        assertThat(resources.listClusters(POOL))
                .extracting(ClusterRecord::id)
                .containsExactly(CLUSTER, OTHER_CLUSTER);
        assertThat(resources.listAllClusters()).hasSize(3);
        assertThat(resources.listClusters("nothing")).isEmpty();

        ClusterRecord replaced =
                resources.upsertCluster(created.withState("Failed", "Failed", "boom", null));
        assertThat(replaced.createdAt()).isEqualTo(T1);
        assertThat(resources.findCluster(CLUSTER)).contains(replaced);

        resources.deleteCluster(CLUSTER);
        assertThat(resources.findCluster(CLUSTER)).isEmpty();
        assertThat(resources.listAllClusters()).hasSize(2);
    }

    @Test
    void updateClusterLocksChangesAndRollsBack() {
        ClusterRecord created = resources.upsertCluster(cluster(CLUSTER, POOL, null));

        ClusterRecord running =
                resources.updateCluster(
                        CLUSTER, c -> c.withState("Succeeded", "Running", null, "http://l:8081"));
        assertThat(resources.findCluster(CLUSTER)).contains(running);
        assertThat(running.restUrl()).isEqualTo("http://l:8081");
        assertThat(running.createdAt()).isEqualTo(created.createdAt());
        assertThat(running.updatedAt()).isAfterOrEqualTo(created.updatedAt());

        RuntimeException failure = new RuntimeException("no");
        assertThatThrownBy(
                        () ->
                                resources.updateCluster(
                                        CLUSTER,
                                        failingAfter("UPDATE clusters SET status = 'x'", failure)))
                .isSameAs(failure);
        assertThat(resources.findCluster(CLUSTER)).contains(running);
        assertThatThrownBy(() -> resources.updateCluster("missing", c -> c))
                .isInstanceOf(NoSuchElementException.class);
    }

    // ---- operations

    @Test
    void operationsInsertFindAndUpdate() {
        OperationRecord started =
                new OperationRecord("op1", CLUSTER, "cluster.create", "InProgress", null, T1, null);
        resources.insertOperation(started);

        assertThat(resources.findOperation("op1")).contains(started);
        assertThat(resources.findOperation("op2")).isEmpty();
        assertThatThrownBy(() -> resources.insertOperation(started))
                .isInstanceOf(DuplicateKeyException.class);

        OperationRecord failed =
                new OperationRecord("op1", CLUSTER, "cluster.create", "Failed", "no slots", T1, T3);
        resources.updateOperation(failed);
        assertThat(resources.findOperation("op1")).contains(failed);

        resources.insertOperation(
                new OperationRecord("op3", POOL, "pool.delete", "InProgress", null, null, null));
        assertThat(resources.findOperation("op3").orElseThrow().createdAt()).isNotNull();
        assertThatThrownBy(
                        () ->
                                resources.updateOperation(
                                        new OperationRecord("op4", POOL, "k", "s", null, T1, T1)))
                .isInstanceOf(NoSuchElementException.class);
    }

    /** A change that fails after writing through the caller's connection: both must be undone. */
    private <T> UnaryOperator<T> failingAfter(String sql, RuntimeException failure) {
        return current -> {
            jdbc.sql(sql).update();
            throw failure;
        };
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
