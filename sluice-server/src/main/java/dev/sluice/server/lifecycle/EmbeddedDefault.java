package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster;
import dev.sluice.api.ClusterPool;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.storage.StorageRoots;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The embedded default: on a first start, subscription {@code local}, resource group {@code
 * default}, pool {@code local} and the session cluster of {@code sluice.embedded-cluster.*},
 * created through the same API path as a client's PUT. Later starts resume it like any cluster.
 */
@Component
class EmbeddedDefault {

    static final String SUBSCRIPTION = "local";
    static final String RESOURCE_GROUP = "default";
    static final String POOL = "local";
    static final String LOCATION = "local";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefault.class);

    private final EmbeddedClusterProperties properties;
    private final Path dataDir;
    private final ResourceStore store;
    private final PoolService pools;
    private final ClusterService clusters;
    private volatile String failure;

    EmbeddedDefault(
            EmbeddedClusterProperties properties,
            SluiceProperties sluice,
            ResourceStore store,
            PoolService pools,
            ClusterService clusters) {
        this.properties = properties;
        this.dataDir = sluice.dataDir().toAbsolutePath().normalize();
        this.store = store;
        this.pools = pools;
        this.clusters = clusters;
    }

    /** The embedded cluster's ARM id. */
    ArmId id() {
        return ArmId.cluster(SUBSCRIPTION, RESOURCE_GROUP, POOL, properties.name());
    }

    boolean enabled() {
        return properties.enabled();
    }

    /** Why the embedded cluster could not even be created, or null. */
    String failure() {
        return failure;
    }

    /** Creates the embedded pool and cluster when the store has no resources at all yet. */
    void ensure() {
        if (!properties.enabled() || !firstStart()) {
            return;
        }
        try {
            ArmId id = id();
            pools.put(
                    ArmId.pool(SUBSCRIPTION, RESOURCE_GROUP, POOL),
                    new ClusterPool(null, null, null, LOCATION, Map.of(), null));
            ClusterService.Accepted accepted = clusters.put(id, body());
            LOG.info(
                    "Creating the embedded session cluster {} (operation {})",
                    id.clusterPath(),
                    accepted.operation().id());
        } catch (ApiException e) {
            failure = e.code() + ": " + e.getMessage();
            LOG.error("The embedded session cluster is misconfigured: {}", failure);
        }
    }

    /**
     * A first start has no pools. The store lists pools by subscription only, so "no clusters at
     * all and no pool in the local subscription" stands for it.
     */
    private boolean firstStart() {
        return store.listAllClusters().isEmpty()
                && store.listPools(SUBSCRIPTION.toLowerCase(Locale.ROOT), null).isEmpty();
    }

    private Cluster body() {
        Map<String, String> configuration = new TreeMap<>();
        if (properties.flinkConfiguration() != null) {
            configuration.putAll(properties.flinkConfiguration());
        }
        configuration.putIfAbsent(
                ClusterDefinition.SLOTS_KEY, Integer.toString(properties.slotsPerTaskManager()));
        Path storage = dataDir.resolve("storage").resolve(properties.name());
        Cluster.FlinkProfile flink =
                new Cluster.FlinkProfile(
                        new Cluster.Storage(StorageRoots.toUri(storage), null),
                        new Cluster.ComputeResource(1.0, (long) properties.jobManagerMemoryMb()),
                        new Cluster.ComputeResource(1.0, (long) properties.taskManagerMemoryMb()),
                        null,
                        properties.taskManagers(),
                        ClusterDefinition.SESSION,
                        properties.flinkVersion(),
                        null,
                        configuration);
        return new Cluster(
                null,
                null,
                null,
                LOCATION,
                Map.of(),
                new Cluster.Properties(
                        null,
                        ClusterDefinition.CLUSTER_TYPE,
                        null,
                        null,
                        null,
                        new Cluster.ClusterProfile(null, null, flink)));
    }
}
