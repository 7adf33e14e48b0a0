package dev.sluice.server.portal;

import dev.sluice.api.Cluster;
import java.util.List;

/**
 * One cluster as a pool's page shows it: type, deployment mode, state, Flink version and the link
 * to its Flink web UI.
 *
 * @param restUrl the Flink REST endpoint, which also serves Flink's web UI; null until it runs
 * @param settling true while it is being created or deleted, so the page refreshes itself
 */
record ClusterRow(
        String name,
        String clusterType,
        String deploymentMode,
        String provisioningState,
        String status,
        String statusReason,
        String flinkVersion,
        String restUrl,
        String deploymentId,
        String storageUri,
        boolean settling) {

    private static final List<String> SETTLED = List.of("Succeeded", "Failed");

    static ClusterRow of(Cluster cluster) {
        Cluster.Properties properties = cluster.properties();
        Cluster.FlinkProfile flink =
                properties.clusterProfile() == null
                        ? null
                        : properties.clusterProfile().flinkProfile();
        return new ClusterRow(
                cluster.name(),
                properties.clusterType(),
                flink == null || flink.deploymentMode() == null
                        ? ClusterForm.SESSION
                        : flink.deploymentMode(),
                properties.provisioningState(),
                properties.status(),
                properties.statusReason(),
                flink == null ? null : flink.flinkVersion(),
                flink == null ? null : flink.restUrl(),
                properties.deploymentId(),
                flink == null || flink.storage() == null ? null : flink.storage().storageUri(),
                !SETTLED.contains(properties.provisioningState()));
    }

    /** True when it accepts jobs. */
    public boolean ready() {
        return "Succeeded".equals(provisioningState) && restUrl != null;
    }

    static boolean anySettling(List<ClusterRow> rows) {
        return rows.stream().anyMatch(ClusterRow::settling);
    }
}
