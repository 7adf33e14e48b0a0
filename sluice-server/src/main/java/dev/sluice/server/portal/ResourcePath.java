package dev.sluice.server.portal;

import dev.sluice.server.common.ArmId;

/**
 * Where a pool or cluster lives, and its pages: the portal's paths mirror the ARM ids with a {@code
 * /portal} prefix, so an id copied from the API finds its page.
 */
record ResourcePath(String subscription, String resourceGroup, String pool, String cluster) {

    static final String ROOT = "/portal";

    /** Validates the names the way the API does (a bad name is a 400 naming it). */
    ResourcePath {
        new ArmId(subscription, resourceGroup, pool, cluster);
    }

    static ResourcePath pool(String subscription, String resourceGroup, String pool) {
        return new ResourcePath(subscription, resourceGroup, pool, null);
    }

    static ResourcePath cluster(
            String subscription, String resourceGroup, String pool, String cluster) {
        return new ResourcePath(subscription, resourceGroup, pool, cluster);
    }

    public ResourcePath inCluster(String name) {
        return new ResourcePath(subscription, resourceGroup, pool, name);
    }

    /** The ARM path of the resource (the cluster's, else the pool's), which roles are given on. */
    String armPath() {
        return cluster == null ? poolId().poolPath() : clusterId().clusterPath();
    }

    // The URL methods are public: templates call them, and SpEL only finds public methods.
    ArmId poolId() {
        return ArmId.pool(subscription, resourceGroup, pool);
    }

    ArmId clusterId() {
        return ArmId.cluster(subscription, resourceGroup, pool, cluster);
    }

    public String poolUrl() {
        return ROOT + poolId().poolPath();
    }

    public String clusterUrl() {
        return ROOT + clusterId().clusterPath();
    }

    public String jobsUrl() {
        return clusterUrl() + "/jobs";
    }

    public String jobUrl(String jobName) {
        return jobsUrl() + "/" + jobName;
    }
}
