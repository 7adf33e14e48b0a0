package dev.sluice.client;

import dev.sluice.api.ClusterPool;
import dev.sluice.api.ResourceList;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/** Cluster pools: create or update, read, list, delete. Pool writes finish at once. */
public final class Pools {

    private static final TypeReference<ResourceList<ClusterPool>> LIST = new TypeReference<>() {};

    private final Transport transport;

    Pools(Transport transport) {
        this.transport = transport;
    }

    /**
     * Creates the pool, or updates its tags.
     *
     * @param pool the body; {@code location} is required, e.g. {@code local}
     * @return the pool as stored
     */
    public ClusterPool put(PoolRef ref, ClusterPool pool) {
        return transport.read(
                transport.sendJson("PUT", transport.uri(ref.path()), pool), ClusterPool.class);
    }

    /**
     * Reads one pool.
     *
     * @throws SluiceApiException 404 when there is no such pool
     */
    public ClusterPool get(PoolRef ref) {
        return transport.read(transport.get(transport.uri(ref.path())), ClusterPool.class);
    }

    /**
     * Lists the pools of a resource group, or of the whole subscription when {@code resourceGroup}
     * is null, following {@code nextLink} to the last page.
     */
    public List<ClusterPool> list(String subscription, String resourceGroup) {
        return transport.collect(
                transport.uri(PoolRef.groupPath(subscription, resourceGroup) + "/clusterpools"),
                LIST,
                ResourceList::value,
                ResourceList::nextLink);
    }

    /**
     * Deletes the pool.
     *
     * @return true when it was deleted, false when there was none
     */
    public boolean delete(PoolRef ref) {
        return transport.delete(transport.uri(ref.path())).status() != 204;
    }
}
