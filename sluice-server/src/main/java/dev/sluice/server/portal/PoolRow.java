package dev.sluice.server.portal;

import dev.sluice.api.ClusterPool;

/**
 * One cluster pool as the portal's first page lists it.
 *
 * @param path where its page is
 * @param clusters how many clusters it has
 */
record PoolRow(ResourcePath path, String location, String provisioningState, int clusters) {

    /** A pool of the API, whose id says its subscription and resource group. */
    static PoolRow of(ClusterPool pool, int clusters) {
        // /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.HDInsight/clusterpools/{p}
        String[] parts = pool.id().split("/");
        return new PoolRow(
                ResourcePath.pool(parts[2], parts[4], pool.name()),
                pool.location(),
                pool.properties() == null ? null : pool.properties().provisioningState(),
                clusters);
    }
}
