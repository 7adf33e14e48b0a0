package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.api.OperationStatus;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterValidator;
import dev.sluice.server.cluster.ClusterViews;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.cluster.ResourceLock;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.storage.AzureClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster resources of the ARM API. A PUT or DELETE is validated, then persisted together with
 * its operation, and only then handed to the {@link ClusterProvisioner}: whatever happens to the
 * server afterwards, the records say what was asked for.
 */
@Service
public class ClusterService {

    private final ResourceStore store;
    private final ClusterDeletion deletion;
    private final ClusterValidator validator;
    private final ClusterProvisioner provisioner;
    private final TransactionTemplate transaction;
    private final ResourceLock lock;
    private final ClusterUpgrade upgrades;
    private final ClusterCreation creation;
    private final AzureClients azure;
    private final ClusterResize resizes;

    ClusterService(
            ResourceStore store,
            ClusterDeletion deletion,
            ClusterValidator validator,
            ClusterProvisioner provisioner,
            TransactionTemplate transaction,
            ResourceLock lock,
            ClusterUpgrade upgrades,
            ClusterCreation creation,
            AzureClients azure,
            ClusterResize resizes) {
        this.azure = azure;
        this.resizes = resizes;
        this.store = store;
        this.deletion = deletion;
        this.validator = validator;
        this.provisioner = provisioner;
        this.transaction = transaction;
        this.lock = lock;
        this.upgrades = upgrades;
        this.creation = creation;
    }

    /**
     * The answer to a PUT: the cluster as it is now, whether it was created, and the operation that
     * provisions it.
     */
    public record Accepted(Cluster cluster, boolean created, OperationRecord operation) {}

    /** A DELETE under way: the cluster's location (for the operation URLs) and the operation. */
    public record Deleting(String location, OperationRecord operation) {}

    /** What polling an operation's Location answers: still running, or the resource (if any). */
    public record Outcome(boolean inProgress, Optional<Cluster> resource) {}

    /**
     * Creates a cluster (or provisions a Failed one again), or updates the tags and Flink
     * configuration of an existing one.
     */
    public Accepted put(ArmId id, Cluster body) {
        synchronized (lock) {
            PoolRecord pool = pool(id);
            Optional<ClusterRecord> existing = store.findCluster(id.clusterKey());
            ClusterDefinition definition =
                    validator
                            .validate(existing.map(e -> withoutEchoedRestUrl(body, e)).orElse(body))
                            .withWebhookSecretKept(existing);
            Map<String, String> tags = ClusterValidator.tags(body.tags());
            existing.ifPresent(e -> sameLocation(e, body.location()));
            return withStorageKey(
                    definition,
                    body,
                    () -> {
                        if (existing.isEmpty()
                                || ClusterProvisioner.FAILED.equals(
                                        existing.get().provisioningState())) {
                            ClusterCreation.Provisioning provisioning =
                                    creation.provision(
                                            id, pool, existing, definition, body.location(), tags);
                            return new Accepted(
                                    view(provisioning.stored(), id),
                                    existing.isEmpty(),
                                    provisioning.operation());
                        }
                        return update(id, pool, existing.get(), definition, tags);
                    });
        }
    }

    /**
     * The answer to a PATCH or resize: the cluster, and the operation of the upgrade or resize it
     * started, if any.
     */
    public record Patched(Cluster cluster, Optional<OperationRecord> upgrade) {}

    /**
     * Replaces the tags, resizes a session cluster to another numReplicas (see {@link
     * ClusterResize}) and, for an Application-mode cluster, upgrades it to another Flink version or
     * jobSpec (see {@link ClusterUpgrade}).
     */
    public Patched patch(ArmId id, Cluster body, String principal) {
        synchronized (lock) {
            ClusterRecord record = find(id);
            Map<String, String> tags =
                    body != null && body.tags() != null ? ClusterValidator.tags(body.tags()) : null;
            FlinkProfile profile = ClusterUpgrade.profileOf(body);
            Optional<OperationRecord> operation =
                    transaction.execute(
                            status -> {
                                Optional<OperationRecord> resize =
                                        profile == null || profile.numReplicas() == null
                                                ? Optional.empty()
                                                : resizes.record(record, profile.numReplicas());
                                // A resize recorded first leaves the cluster Updating: an upgrade
                                // in the same PATCH is refused and the transaction rolls back.
                                Optional<OperationRecord> started =
                                        upgrades.start(
                                                resize.isPresent() ? find(id) : record,
                                                ClusterResize.withoutNumReplicas(profile),
                                                principal);
                                if (tags != null) {
                                    store.updateCluster(record.id(), r -> r.withTags(tags));
                                }
                                return resize.isPresent() ? resize : started;
                            });
            Patched patched = new Patched(view(find(id), id), operation);
            operation
                    .filter(op -> ClusterOperation.RESIZE.kind().equals(op.kind()))
                    .ifPresent(op -> provisioner.resize(op.resourceId(), op.id()));
            return patched;
        }
    }

    /**
     * Clusters_Resize: scales a running session cluster to {@code taskManagers} TaskManagers in the
     * background (see {@link ClusterResize}); the operation is empty when it has that many already.
     */
    public Patched resize(ArmId id, int taskManagers) {
        synchronized (lock) {
            ClusterRecord record = find(id);
            Optional<OperationRecord> operation =
                    transaction.execute(status -> resizes.record(record, taskManagers));
            // The view first: it shows the cluster Updating, as recorded before the scaling.
            Patched patched = new Patched(view(find(id), id), operation);
            operation.ifPresent(op -> provisioner.resize(op.resourceId(), op.id()));
            return patched;
        }
    }

    public Cluster get(ArmId id) {
        return view(find(id), id);
    }

    /** The clusters of a pool, which must exist. */
    public List<Cluster> list(ArmId poolId) {
        PoolRecord pool = pool(poolId);
        ArmId display = ClusterViews.poolId(pool);
        return store.listClusters(pool.id()).stream()
                .map(r -> ClusterViews.cluster(clusterId(display, r), r))
                .toList();
    }

    /**
     * Starts deleting a cluster: its running jobs are stopped with a savepoint first (see {@link
     * ClusterDeletion}), then its processes are stopped and its record removed in the background;
     * its storage stays. Empty when there is no such cluster.
     */
    public Optional<Deleting> delete(ArmId id, String principal) {
        synchronized (lock) {
            Optional<ClusterRecord> existing = store.findCluster(id.clusterKey());
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            OperationRecord operation = deletion.start(existing.get(), principal);
            return Optional.of(new Deleting(existing.get().location(), operation));
        }
    }

    /** The Azure-AsyncOperation document; {@code path} is the id it reports. */
    public OperationStatus operationStatus(String subscription, String operationId, String path) {
        return ClusterViews.operation(path, operation(subscription, operationId));
    }

    /**
     * What the Location URL answers: in progress, or done with the resource (none after a DELETE).
     *
     * @throws ApiException 409 with the operation's error code when it failed
     */
    public Outcome operationResult(String subscription, String operationId) {
        OperationRecord operation = operation(subscription, operationId);
        if (ClusterOperation.IN_PROGRESS.equals(operation.status())) {
            return new Outcome(true, Optional.empty());
        }
        if (ClusterOperation.FAILED.equals(operation.status())) {
            throw ApiException.conflict(
                    ClusterOperation.errorCode(operation.kind()), operation.error());
        }
        if (ClusterOperation.isDelete(operation)) {
            return new Outcome(false, Optional.empty());
        }
        return new Outcome(
                false, store.findCluster(operation.resourceId()).map(r -> view(r, null)));
    }

    private Accepted update(
            ArmId id,
            PoolRecord pool,
            ClusterRecord existing,
            ClusterDefinition requested,
            Map<String, String> tags) {
        String state = existing.provisioningState();
        if (!ClusterProvisioner.SUCCEEDED.equals(state)) {
            throw ApiException.conflict(
                    "AnotherOperationInProgress",
                    "Cluster '"
                            + existing.name()
                            + "' is "
                            + state
                            + "; change it once its provisioningState is Succeeded or Failed");
        }
        ClusterDefinition current = ClusterDefinition.of(existing);
        List<String> changes = new ArrayList<>(current.unsupportedChanges(requested));
        // Another numReplicas is a resize (of a session cluster: ClusterResize refuses the rest).
        boolean resize =
                changes.remove(ClusterValidator.PROFILE + ".numReplicas")
                        && requested.flink().numReplicas() != null;
        if (!changes.isEmpty()) {
            throw ApiException.conflict(
                    "ClusterUpdateNotSupported",
                    "A provisioned cluster's "
                            + String.join(", ", changes)
                            + " cannot be changed yet; only tags, flinkConfiguration and"
                            + " numReplicas can."
                            + (current.application()
                                    ? " PATCH flinkVersion or jobSpec to upgrade an"
                                            + " Application-mode cluster; delete it and create it"
                                            + " again to change the rest"
                                    : " Delete the cluster and create it again to change them"));
        }
        OperationRecord operation = ClusterOperation.UPDATE.done(id.clusterKey());
        String properties =
                current.withFlinkConfiguration(requested.flink().flinkConfiguration())
                        .toJson(operation.id());
        OperationRecord answered =
                transaction.execute(
                        status -> {
                            ClusterRecord written =
                                    store.updateCluster(
                                            existing.id(),
                                            r -> r.withTags(tags).withProperties(properties));
                            store.insertOperation(operation);
                            return resize
                                    ? resizes.record(written, requested.flink().numReplicas())
                                            .orElse(operation)
                                    : operation;
                        });
        Accepted accepted = new Accepted(view(find(id), id), false, answered);
        if (answered != operation) {
            provisioner.resize(answered.resourceId(), answered.id());
        }
        return accepted;
    }

    /**
     * GET shows a local cluster's REST URL in {@code restUrl}; a client that PUTs that body back is
     * not asking to make the cluster external.
     */
    private static Cluster withoutEchoedRestUrl(Cluster body, ClusterRecord existing) {
        String restUrl = ClusterValidator.restUrlOf(body);
        return !existing.external() && restUrl != null && restUrl.equals(existing.restUrl())
                ? ClusterValidator.withoutRestUrl(body)
                : body;
    }

    private static void sameLocation(ClusterRecord existing, String location) {
        if (existing.location() != null && !existing.location().equalsIgnoreCase(location)) {
            throw ApiException.conflict(
                    "InvalidResourceLocation",
                    "Cluster '"
                            + existing.name()
                            + "' exists in location '"
                            + existing.location()
                            + "'; it cannot move to '"
                            + location
                            + "'");
        }
    }

    static ClusterRecord withOperation(ClusterRecord record, String operationId) {
        try {
            return record.withProperties(ClusterDefinition.of(record).toJson(operationId));
        } catch (RuntimeException e) {
            // A row without a readable definition is still deleted; only resuming needs the id.
            return record;
        }
    }

    /** Whether a record is Application-mode; false when its definition is unreadable. */
    static boolean application(ClusterRecord record) {
        try {
            return ClusterDefinition.of(record).application();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private OperationRecord operation(String subscription, String operationId) {
        String prefix = "/subscriptions/" + subscription.toLowerCase(Locale.ROOT) + "/";
        return store.findOperation(operationId)
                .filter(op -> op.resourceId() != null && op.resourceId().startsWith(prefix))
                .map(upgrades::settle)
                .map(deletion::settle)
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "OperationNotFound",
                                        "Operation '" + operationId + "' not found"));
    }

    private PoolRecord pool(ArmId id) {
        return store.findPool(id.poolKey())
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "ResourceNotFound",
                                        "Cluster pool '"
                                                + id.pool()
                                                + "' not found in resource group '"
                                                + id.resourceGroup()
                                                + "'"));
    }

    private ClusterRecord find(ArmId id) {
        return store.findCluster(id.clusterKey())
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "ResourceNotFound",
                                        "Cluster '"
                                                + id.cluster()
                                                + "' not found in cluster pool '"
                                                + id.pool()
                                                + "'"));
    }

    /** A cluster under the names its pool was created with (ARM ids keep the first spelling). */
    private Cluster view(ClusterRecord record, ArmId requested) {
        ArmId id =
                store.findPool(record.poolId())
                        .map(pool -> clusterId(ClusterViews.poolId(pool), record))
                        .orElse(requested);
        return ClusterViews.cluster(id != null ? id : fallbackId(record), record);
    }

    private static ArmId clusterId(ArmId pool, ClusterRecord record) {
        return ArmId.cluster(pool.subscription(), pool.resourceGroup(), pool.pool(), record.name());
    }

    private static ArmId fallbackId(ClusterRecord record) {
        String[] parts = record.id().split("/");
        // /subscriptions/s/resourcegroups/g/providers/microsoft.hdinsight/clusterpools/p/clusters/c
        return ArmId.cluster(parts[2], parts[4], parts[8], record.name());
    }

    /**
     * The write-only storage key goes to {@link AzureClients} (a 0600 file), never into the
     * cluster's stored body, which the validator has already stripped of it; it stays only when the
     * PUT succeeds (its storage check uses it).
     */
    private Accepted withStorageKey(
            ClusterDefinition definition, Cluster body, Supplier<Accepted> put) {
        FlinkProfile flink = ClusterUpgrade.profileOf(body);
        if (flink == null || flink.storage() == null) {
            return put.get();
        }
        try {
            return azure.rememberKeyFor(definition.storageUri(), flink.storage().storagekey(), put);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the storage key of the cluster", e);
        }
    }
}
