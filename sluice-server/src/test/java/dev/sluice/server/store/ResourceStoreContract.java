package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.CLUSTER;
import static dev.sluice.server.store.StoreFixtures.OTHER_CLUSTER;
import static dev.sluice.server.store.StoreFixtures.POOL;
import static dev.sluice.server.store.StoreFixtures.T1;
import static dev.sluice.server.store.StoreFixtures.T3;
import static dev.sluice.server.store.StoreFixtures.cluster;
import static dev.sluice.server.store.StoreFixtures.pool;
import static dev.sluice.server.store.StoreFixtures.secondPut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.OperationRecord;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;

/**
 * What ResourceStore, for pools, clusters and operations, promises, against a freshly migrated
 * database; one subclass per database, which names it by a StoreDatabase extension.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceStoreContract {

    private StoreDatabase database;
    private ResourceStore resources;

    @BeforeAll
    void start(StoreDatabase database) {
        this.database = database;
        resources = database.resources;
    }

    @BeforeEach
    void emptyTables() {
        database.emptyTables();
    }

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
                                        database.failingAfter(
                                                "UPDATE clusters SET status = 'x'", failure)))
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
}
