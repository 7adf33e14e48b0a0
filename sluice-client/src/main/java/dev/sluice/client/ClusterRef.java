package dev.sluice.client;

import java.util.Objects;

/**
 * Names a Flink cluster: subscription, resource group, pool and cluster, as in its ARM id.
 *
 * @param subscription the subscription id, e.g. {@code local}
 * @param resourceGroup the resource group, e.g. {@code default}
 * @param pool the pool's name, e.g. {@code local}
 * @param cluster the cluster's name, e.g. {@code session}
 */
public record ClusterRef(String subscription, String resourceGroup, String pool, String cluster) {

    public ClusterRef {
        Objects.requireNonNull(cluster, "cluster");
        new PoolRef(subscription, resourceGroup, pool);
    }

    /** The pool the cluster is in. */
    public PoolRef poolRef() {
        return new PoolRef(subscription, resourceGroup, pool);
    }

    /** The ARM path of the cluster. */
    public String path() {
        return poolRef().path() + "/clusters/" + Transport.segment(cluster);
    }
}
