package dev.sluice.server.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * A Flink cluster resource as persisted.
 *
 * @param id ARM id, lower case
 * @param poolId ARM id of its pool, lower case
 * @param name cluster name as given
 * @param location ARM location
 * @param tags ARM tags
 * @param properties the resource's {@code properties} JSON as last accepted (clusterProfile ...)
 * @param external true when Sluice only talks to a Flink REST URL it does not run
 * @param restUrl Flink REST URL: given for external clusters, set when a local one is running
 * @param storageUri root of the cluster's storage (jars, savepoints, checkpoints)
 * @param flinkVersion the Flink version it runs
 * @param provisioningState Accepted, Provisioning, Succeeded, Failed, Deleting
 * @param status Running, Stopped, Failed, Unreachable ...
 * @param statusReason why, when it needs explaining
 */
public record ClusterRecord(
        String id,
        String poolId,
        String name,
        String location,
        Map<String, String> tags,
        String properties,
        boolean external,
        String restUrl,
        String storageUri,
        String flinkVersion,
        String provisioningState,
        String status,
        String statusReason,
        Instant createdAt,
        Instant updatedAt) {

    public ClusterRecord {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public ClusterRecord withState(
            String newProvisioningState, String newStatus, String reason, String newRestUrl) {
        return new ClusterRecord(
                id,
                poolId,
                name,
                location,
                tags,
                properties,
                external,
                newRestUrl,
                storageUri,
                flinkVersion,
                newProvisioningState,
                newStatus,
                reason,
                createdAt,
                updatedAt);
    }

    public ClusterRecord withTags(Map<String, String> newTags) {
        return new ClusterRecord(
                id,
                poolId,
                name,
                location,
                newTags,
                properties,
                external,
                restUrl,
                storageUri,
                flinkVersion,
                provisioningState,
                status,
                statusReason,
                createdAt,
                updatedAt);
    }

    /** The same cluster with another stored definition (see ClusterDefinition). */
    public ClusterRecord withProperties(String newProperties) {
        return new ClusterRecord(
                id,
                poolId,
                name,
                location,
                tags,
                newProperties,
                external,
                restUrl,
                storageUri,
                flinkVersion,
                provisioningState,
                status,
                statusReason,
                createdAt,
                updatedAt);
    }

    public ClusterRecord withFlinkVersion(String newFlinkVersion) {
        return new ClusterRecord(
                id,
                poolId,
                name,
                location,
                tags,
                properties,
                external,
                restUrl,
                storageUri,
                newFlinkVersion,
                provisioningState,
                status,
                statusReason,
                createdAt,
                updatedAt);
    }
}
