package dev.sluice.server.cluster;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.storage.StorageSchemes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Finds clusters and gives what a job needs of one: its Flink client and its storage roots. */
@Component
public class ClusterRegistry {

    private final ResourceStore store;
    private final StorageSchemes storages;
    private final Map<String, FlinkClient> clients = new ConcurrentHashMap<>();

    ClusterRegistry(ResourceStore store, StorageSchemes storages) {
        this.store = store;
        this.storages = storages;
    }

    /** The cluster, or a 404 naming it. */
    public ClusterRecord find(ArmId id) {
        return store.findCluster(id.clusterKey())
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "ResourceNotFound",
                                        "Cluster '"
                                                + id.cluster()
                                                + "' not found in pool '"
                                                + id.pool()
                                                + "'"));
    }

    /** The cluster, which must be provisioned and reachable by URL to run jobs. */
    public ClusterRecord requireReady(ArmId id) {
        ClusterRecord cluster = find(id);
        if (!"Succeeded".equals(cluster.provisioningState()) || cluster.restUrl() == null) {
            throw ApiException.conflict(
                    "ClusterNotReady",
                    "Cluster '"
                            + id.cluster()
                            + "' is "
                            + cluster.provisioningState()
                            + (cluster.statusReason() == null
                                    ? ""
                                    : " (" + cluster.statusReason() + ")")
                            + "; jobs can run once it is Succeeded");
        }
        return cluster;
    }

    /** Every cluster, for the observer. */
    public List<ClusterRecord> all() {
        return store.listAllClusters();
    }

    public Optional<ClusterRecord> findOptional(String clusterKey) {
        return store.findCluster(clusterKey);
    }

    public ClusterRecord findByKey(String clusterKey) {
        return store.findCluster(clusterKey)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "Cluster " + clusterKey + " no longer exists"));
    }

    /** The Flink client of a cluster, one per REST URL. */
    public FlinkClient client(ClusterRecord cluster) {
        if (cluster.restUrl() == null) {
            throw ApiException.conflict(
                    "ClusterNotReady",
                    "Cluster '" + cluster.name() + "' has no Flink REST endpoint yet");
        }
        return clients.computeIfAbsent(
                cluster.restUrl(), url -> new RestFlinkClient(URI.create(url)));
    }

    /** True for an Application-mode cluster, which runs exactly one job, deployed with it. */
    public boolean isApplication(ClusterRecord cluster) {
        try {
            return ClusterDefinition.of(cluster).application();
        } catch (RuntimeException e) {
            return false; // a row without a readable definition is no cluster Sluice deployed
        }
    }

    /** The cluster's own {@code flinkConfiguration}, which a job's keys override. */
    public Map<String, String> flinkConfiguration(ClusterRecord cluster) {
        try {
            return ClusterDefinition.of(cluster).flink().flinkConfiguration();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Paths of a cluster's jobs are confined to its storage root. */
    public StorageRoots roots(ClusterRecord cluster) {
        return storages.roots(cluster.storageUri());
    }

    /**
     * A short stable id for a cluster, used in default storage paths and local process dirs: the
     * cluster name plus six hex digits of its ARM id, so two pools' "session" clusters differ.
     */
    public static String deploymentId(String clusterKey, String clusterName) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(clusterKey.getBytes(StandardCharsets.UTF_8));
            String safe = clusterName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
            if (safe.length() > 50) {
                safe = safe.substring(0, 50);
            }
            if (!Character.isLetterOrDigit(safe.charAt(0))) {
                safe = "c" + safe;
            }
            return safe + "-" + HexFormat.of().formatHex(hash, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
