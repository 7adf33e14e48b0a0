package dev.sluice.server.cluster;

import dev.sluice.api.ClusterPool;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The cluster pool resources of the ARM API. A pool only groups clusters: it has nothing to
 * provision, so its writes complete at once.
 */
@Service
public class PoolService {

    private static final String SUCCEEDED = "Succeeded";

    private final ResourceStore store;
    private final ResourceLock lock;

    PoolService(ResourceStore store, ResourceLock lock) {
        this.store = store;
        this.lock = lock;
    }

    /** The answer to a PUT: the pool and whether it was created. */
    public record Put(ClusterPool pool, boolean created) {}

    /** Creates a pool or updates its tags; its location cannot change. */
    public Put put(ArmId id, ClusterPool body) {
        if (body == null) {
            throw ApiException.badRequest(
                    "InvalidRequestContent", "The request body is required: a cluster pool", null);
        }
        String location = ClusterValidator.location(body.location());
        Map<String, String> tags = ClusterValidator.tags(body.tags());
        synchronized (lock) {
            Optional<PoolRecord> existing = store.findPool(id.poolKey());
            if (existing.isPresent()
                    && existing.get().location() != null
                    && !existing.get().location().equalsIgnoreCase(location)) {
                throw ApiException.conflict(
                        "InvalidResourceLocation",
                        "Cluster pool '"
                                + existing.get().name()
                                + "' exists in location '"
                                + existing.get().location()
                                + "'; it cannot move to '"
                                + location
                                + "'");
            }
            // ARM ids keep the spelling of the first PUT; later PUTs may use any case.
            PoolRecord pool =
                    existing.map(
                                    p ->
                                            new PoolRecord(
                                                    p.id(),
                                                    p.subscription(),
                                                    p.resourceGroup(),
                                                    p.name(),
                                                    p.location(),
                                                    tags,
                                                    SUCCEEDED,
                                                    p.createdAt(),
                                                    null))
                            .orElseGet(
                                    () ->
                                            new PoolRecord(
                                                    id.poolKey(),
                                                    id.subscription(),
                                                    id.resourceGroup(),
                                                    id.pool(),
                                                    location,
                                                    tags,
                                                    SUCCEEDED,
                                                    null,
                                                    null));
            return new Put(ClusterViews.pool(store.upsertPool(pool)), existing.isEmpty());
        }
    }

    /** Replaces the tags. */
    public ClusterPool patch(ArmId id, ClusterPool body) {
        synchronized (lock) {
            PoolRecord pool = find(id);
            if (body == null || body.tags() == null) {
                return ClusterViews.pool(pool);
            }
            Map<String, String> tags = ClusterValidator.tags(body.tags());
            return ClusterViews.pool(
                    store.upsertPool(
                            new PoolRecord(
                                    pool.id(),
                                    pool.subscription(),
                                    pool.resourceGroup(),
                                    pool.name(),
                                    pool.location(),
                                    tags,
                                    pool.provisioningState(),
                                    pool.createdAt(),
                                    null)));
        }
    }

    public ClusterPool get(ArmId id) {
        return ClusterViews.pool(find(id));
    }

    /** The pools of a subscription, or of one of its resource groups when that is not null. */
    public List<ClusterPool> list(String subscription, String resourceGroup) {
        // Validates the names the way every other path does.
        ArmId.pool(subscription, resourceGroup == null ? "any" : resourceGroup, "any");
        return store
                .listPools(
                        subscription.toLowerCase(Locale.ROOT),
                        resourceGroup == null ? null : resourceGroup.toLowerCase(Locale.ROOT))
                .stream()
                .map(ClusterViews::pool)
                .toList();
    }

    /**
     * Deletes an empty pool; false when there is none.
     *
     * @throws ApiException 409 {@code PoolNotEmpty} while it still has clusters
     */
    public boolean delete(ArmId id) {
        synchronized (lock) {
            if (store.findPool(id.poolKey()).isEmpty()) {
                return false;
            }
            List<ClusterRecord> clusters = store.listClusters(id.poolKey());
            if (!clusters.isEmpty()) {
                throw ApiException.conflict(
                        "PoolNotEmpty",
                        "Cluster pool '"
                                + id.pool()
                                + "' still has "
                                + clusters.size()
                                + " cluster(s): "
                                + String.join(
                                        ", ", clusters.stream().map(ClusterRecord::name).toList())
                                + "; delete them first");
            }
            store.deletePool(id.poolKey());
            return true;
        }
    }

    private PoolRecord find(ArmId id) {
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
}
