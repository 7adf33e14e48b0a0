package dev.sluice.server.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * A cluster pool as persisted.
 *
 * @param id ARM id, lower case:
 *     /subscriptions/s/resourcegroups/g/providers/microsoft.hdinsight/clusterpools/p
 * @param subscription subscription id as given
 * @param resourceGroup resource group as given
 * @param name pool name as given
 * @param location ARM location
 * @param tags ARM tags
 * @param provisioningState Accepted, Succeeded, Failed, Deleting
 */
public record PoolRecord(
        String id,
        String subscription,
        String resourceGroup,
        String name,
        String location,
        Map<String, String> tags,
        String provisioningState,
        Instant createdAt,
        Instant updatedAt) {

    public PoolRecord {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
