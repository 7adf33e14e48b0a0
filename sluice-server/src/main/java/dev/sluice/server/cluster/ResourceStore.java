package dev.sluice.server.cluster;

import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.json;
import static dev.sluice.server.store.Columns.map;
import static dev.sluice.server.store.Columns.stored;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.store.Columns;
import dev.sluice.server.store.LockedUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ARM resources' tables: cluster pools, clusters and their long-running operations. Ids are ARM
 * ids, already lower-cased by the callers, and compared exactly.
 */
@Repository
public class ResourceStore {

    private static final String POOL_COLUMNS =
            "id, subscription, resource_group, name, location, tags, provisioning_state,"
                    + " created_at, updated_at";
    private static final String CLUSTER_COLUMNS =
            "id, pool_id, name, location, tags, properties, external, rest_url, storage_uri,"
                    + " flink_version, provisioning_state, status, status_reason, created_at,"
                    + " updated_at";
    private static final String INSERT_CLUSTER =
            "INSERT INTO clusters ("
                    + CLUSTER_COLUMNS
                    + ") VALUES (:id, :poolId, :name, :location, :tags, :properties, :external,"
                    + " :restUrl, :storageUri, :flinkVersion, :provisioningState, :status,"
                    + " :statusReason, :createdAt, :updatedAt)";
    private static final String UPDATE_CLUSTER =
            "UPDATE clusters SET pool_id = :poolId, name = :name, location = :location,"
                    + " tags = :tags, properties = :properties, external = :external,"
                    + " rest_url = :restUrl, storage_uri = :storageUri,"
                    + " flink_version = :flinkVersion, provisioning_state = :provisioningState,"
                    + " status = :status, status_reason = :statusReason, updated_at = :updatedAt"
                    + " WHERE id = :id";
    private static final String OPERATION_COLUMNS =
            "id, resource_id, kind, status, error, created_at, ended_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final LockedUpdate lockedUpdate;

    public ResourceStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.lockedUpdate = new LockedUpdate(transactionManager);
    }

    // ---- pools

    /**
     * Creates or replaces a pool by id. createdAt is kept from the first insert (or the record's,
     * when it has one then); updatedAt becomes now.
     *
     * @return the pool as stored
     */
    public PoolRecord upsertPool(PoolRecord pool) {
        return transaction.execute(
                status -> {
                    Instant now = Columns.now();
                    Optional<Instant> existing = lockedCreatedAt("pools", pool.id());
                    Instant createdAt =
                            existing.orElse(
                                    pool.createdAt() == null ? now : stored(pool.createdAt()));
                    String sql =
                            existing.isPresent()
                                    ? "UPDATE pools SET subscription = :subscription,"
                                            + " resource_group = :resourceGroup, name = :name,"
                                            + " location = :location, tags = :tags,"
                                            + " provisioning_state = :provisioningState,"
                                            + " updated_at = :updatedAt WHERE id = :id"
                                    : "INSERT INTO pools ("
                                            + POOL_COLUMNS
                                            + ") VALUES (:id, :subscription, :resourceGroup,"
                                            + " :name, :location, :tags, :provisioningState,"
                                            + " :createdAt, :updatedAt)";
                    jdbc.sql(sql)
                            .param("id", pool.id())
                            .param("subscription", pool.subscription())
                            .param("resourceGroup", pool.resourceGroup())
                            .param("name", pool.name())
                            .param("location", pool.location())
                            .param("tags", json(pool.tags()))
                            .param("provisioningState", pool.provisioningState())
                            .param("createdAt", timestamp(createdAt))
                            .param("updatedAt", timestamp(now))
                            .update();
                    return new PoolRecord(
                            pool.id(),
                            pool.subscription(),
                            pool.resourceGroup(),
                            pool.name(),
                            pool.location(),
                            pool.tags(),
                            pool.provisioningState(),
                            createdAt,
                            now);
                });
    }

    public Optional<PoolRecord> findPool(String id) {
        return jdbc.sql("SELECT " + POOL_COLUMNS + " FROM pools WHERE id = :id")
                .param("id", id)
                .query(ResourceStore::pool)
                .optional();
    }

    /**
     * The pools of a subscription, or of one resource group in it, by id. Matches on the ARM id's
     * prefix, whose segments are lower case.
     */
    public List<PoolRecord> listPools(
            String subscriptionLowerCase, @Nullable String resourceGroupLowerCase) {
        String prefix = "/subscriptions/" + subscriptionLowerCase + "/";
        if (resourceGroupLowerCase != null) {
            prefix += "resourcegroups/" + resourceGroupLowerCase + "/";
        }
        return jdbc.sql(
                        "SELECT "
                                + POOL_COLUMNS
                                + " FROM pools WHERE id LIKE :prefix ESCAPE '"
                                + Columns.LIKE_ESCAPE
                                + "' ORDER BY id")
                .param("prefix", Columns.likePrefix(prefix))
                .query(ResourceStore::pool)
                .list();
    }

    public void deletePool(String id) {
        jdbc.sql("DELETE FROM pools WHERE id = :id").param("id", id).update();
    }

    // ---- clusters

    /**
     * Creates or replaces a cluster by id. createdAt is kept from the first insert (or the
     * record's, when it has one then); updatedAt becomes now.
     *
     * @return the cluster as stored
     */
    public ClusterRecord upsertCluster(ClusterRecord cluster) {
        return transaction.execute(
                status -> {
                    Instant now = Columns.now();
                    Optional<Instant> existing = lockedCreatedAt("clusters", cluster.id());
                    Instant createdAt =
                            existing.orElse(
                                    cluster.createdAt() == null
                                            ? now
                                            : stored(cluster.createdAt()));
                    if (existing.isPresent()) {
                        writeCluster(cluster, now);
                    } else {
                        clusterParams(jdbc.sql(INSERT_CLUSTER), cluster, now)
                                .param("createdAt", timestamp(createdAt))
                                .update();
                    }
                    return withTimes(cluster, createdAt, now);
                });
    }

    public Optional<ClusterRecord> findCluster(String id) {
        return jdbc.sql("SELECT " + CLUSTER_COLUMNS + " FROM clusters WHERE id = :id")
                .param("id", id)
                .query(ResourceStore::cluster)
                .optional();
    }

    /** A pool's clusters, by id. */
    public List<ClusterRecord> listClusters(String poolId) {
        return jdbc.sql(
                        "SELECT "
                                + CLUSTER_COLUMNS
                                + " FROM clusters WHERE pool_id = :poolId ORDER BY id")
                .param("poolId", poolId)
                .query(ResourceStore::cluster)
                .list();
    }

    /** Every cluster, by id. */
    public List<ClusterRecord> listAllClusters() {
        return jdbc.sql("SELECT " + CLUSTER_COLUMNS + " FROM clusters ORDER BY id")
                .query(ResourceStore::cluster)
                .list();
    }

    /**
     * Changes a cluster under its row lock, in the caller's transaction or one of its own. Writes
     * every column but id and createdAt; sets updatedAt.
     *
     * @param change gets the cluster as stored; whatever it throws propagates unchanged and nothing
     *     is written
     * @return the cluster as stored now
     * @throws NoSuchElementException when there is no cluster with that id
     * @throws IllegalArgumentException when {@code change} alters the id
     */
    public ClusterRecord updateCluster(String id, UnaryOperator<ClusterRecord> change) {
        return lockedUpdate.apply(
                () ->
                        jdbc.sql(
                                        "SELECT "
                                                + CLUSTER_COLUMNS
                                                + " FROM clusters WHERE id = :id FOR UPDATE")
                                .param("id", id)
                                .query(ResourceStore::cluster)
                                .optional(),
                current -> sameId(current, change.apply(current)),
                (current, changed) -> {
                    Instant now = Columns.now();
                    writeCluster(changed, now);
                    return withTimes(changed, current.createdAt(), now);
                },
                () -> "no cluster with id " + id);
    }

    public void deleteCluster(String id) {
        jdbc.sql("DELETE FROM clusters WHERE id = :id").param("id", id).update();
    }

    // ---- operations

    /** Inserts an operation; a null createdAt becomes now. */
    public void insertOperation(OperationRecord operation) {
        Instant createdAt = operation.createdAt() == null ? Columns.now() : operation.createdAt();
        jdbc.sql(
                        "INSERT INTO operations ("
                                + OPERATION_COLUMNS
                                + ") VALUES (:id, :resourceId, :kind, :status, :error, :createdAt,"
                                + " :endedAt)")
                .param("id", operation.id())
                .param("resourceId", operation.resourceId())
                .param("kind", operation.kind())
                .param("status", operation.status())
                .param("error", operation.error())
                .param("createdAt", timestamp(createdAt))
                .param("endedAt", timestamp(operation.endedAt()))
                .update();
    }

    public Optional<OperationRecord> findOperation(String id) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = :id")
                .param("id", id)
                .query(ResourceStore::operation)
                .optional();
    }

    /** A resource's operations of one kind, oldest first (the upgrade history of a cluster). */
    public List<OperationRecord> listOperations(String resourceId, String kind) {
        return jdbc.sql(
                        "SELECT "
                                + OPERATION_COLUMNS
                                + " FROM operations WHERE resource_id = :resourceId AND kind = :kind"
                                + " ORDER BY created_at, id")
                .param("resourceId", resourceId)
                .param("kind", kind)
                .query(ResourceStore::operation)
                .list();
    }

    /**
     * Writes an operation's resource, kind, status, error and end (createdAt stays as inserted).
     *
     * @throws NoSuchElementException when there is no operation with that id
     */
    public void updateOperation(OperationRecord operation) {
        int rows =
                jdbc.sql(
                                "UPDATE operations SET resource_id = :resourceId, kind = :kind,"
                                        + " status = :status, error = :error, ended_at = :endedAt"
                                        + " WHERE id = :id")
                        .param("resourceId", operation.resourceId())
                        .param("kind", operation.kind())
                        .param("status", operation.status())
                        .param("error", operation.error())
                        .param("endedAt", timestamp(operation.endedAt()))
                        .param("id", operation.id())
                        .update();
        if (rows == 0) {
            throw new NoSuchElementException("no operation with id " + operation.id());
        }
    }

    // ---- rows

    /** Locks the row and returns its createdAt, empty when there is no such row yet. */
    private Optional<Instant> lockedCreatedAt(String table, String id) {
        return jdbc.sql("SELECT created_at FROM " + table + " WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> instant(rs, "created_at"))
                .optional();
    }

    private void writeCluster(ClusterRecord cluster, Instant now) {
        clusterParams(jdbc.sql(UPDATE_CLUSTER), cluster, now).update();
    }

    private static JdbcClient.StatementSpec clusterParams(
            JdbcClient.StatementSpec statement, ClusterRecord cluster, Instant now) {
        return statement
                .param("id", cluster.id())
                .param("poolId", cluster.poolId())
                .param("name", cluster.name())
                .param("location", cluster.location())
                .param("tags", json(cluster.tags()))
                .param("properties", cluster.properties())
                .param("external", cluster.external())
                .param("restUrl", cluster.restUrl())
                .param("storageUri", cluster.storageUri())
                .param("flinkVersion", cluster.flinkVersion())
                .param("provisioningState", cluster.provisioningState())
                .param("status", cluster.status())
                .param("statusReason", cluster.statusReason())
                .param("updatedAt", timestamp(now));
    }

    private static ClusterRecord sameId(ClusterRecord current, ClusterRecord changed) {
        Objects.requireNonNull(changed, "the change returned no cluster");
        if (!Objects.equals(changed.id(), current.id())) {
            throw new IllegalArgumentException(
                    "an update cannot change a cluster's id: " + current.id());
        }
        return changed;
    }

    private static ClusterRecord withTimes(ClusterRecord c, Instant createdAt, Instant updatedAt) {
        return new ClusterRecord(
                c.id(),
                c.poolId(),
                c.name(),
                c.location(),
                c.tags(),
                c.properties(),
                c.external(),
                c.restUrl(),
                c.storageUri(),
                c.flinkVersion(),
                c.provisioningState(),
                c.status(),
                c.statusReason(),
                createdAt,
                updatedAt);
    }

    private static PoolRecord pool(ResultSet rs, int row) throws SQLException {
        return new PoolRecord(
                rs.getString("id"),
                rs.getString("subscription"),
                rs.getString("resource_group"),
                rs.getString("name"),
                rs.getString("location"),
                map(rs, "tags"),
                rs.getString("provisioning_state"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static ClusterRecord cluster(ResultSet rs, int row) throws SQLException {
        return new ClusterRecord(
                rs.getString("id"),
                rs.getString("pool_id"),
                rs.getString("name"),
                rs.getString("location"),
                map(rs, "tags"),
                rs.getString("properties"),
                rs.getBoolean("external"),
                rs.getString("rest_url"),
                rs.getString("storage_uri"),
                rs.getString("flink_version"),
                rs.getString("provisioning_state"),
                rs.getString("status"),
                rs.getString("status_reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static OperationRecord operation(ResultSet rs, int row) throws SQLException {
        return new OperationRecord(
                rs.getString("id"),
                rs.getString("resource_id"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "ended_at"));
    }
}
