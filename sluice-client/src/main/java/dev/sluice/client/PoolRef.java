package dev.sluice.client;

import java.util.Objects;

/**
 * Names a cluster pool: subscription, resource group and pool, as in its ARM id.
 *
 * @param subscription the subscription id, e.g. {@code local}
 * @param resourceGroup the resource group, e.g. {@code default}
 * @param pool the pool's name
 */
public record PoolRef(String subscription, String resourceGroup, String pool) {

    public PoolRef {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(pool, "pool");
    }

    /** A cluster of this pool. */
    public ClusterRef cluster(String cluster) {
        return new ClusterRef(subscription, resourceGroup, pool, cluster);
    }

    /** The ARM path of the pool, e.g. {@code /subscriptions/s/resourceGroups/g/.../pool}. */
    public String path() {
        return groupPath(subscription, resourceGroup) + "/clusterpools/" + Transport.segment(pool);
    }

    static String groupPath(String subscription, String resourceGroup) {
        return "/subscriptions/"
                + Transport.segment(subscription)
                + (resourceGroup == null
                        ? ""
                        : "/resourceGroups/" + Transport.segment(resourceGroup))
                + "/providers/Microsoft.HDInsight";
    }
}
