package dev.sluice.server.cluster;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.api.ClusterPool;
import dev.sluice.api.ErrorResponse;
import dev.sluice.api.OperationStatus;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.common.WebhookKeys;

/** Renders pools, clusters and their operations in the ARM wire shapes. */
public final class ClusterViews {

    static final String POOL_TYPE = "Microsoft.HDInsight/clusterPools";
    static final String CLUSTER_TYPE = "Microsoft.HDInsight/clusterPools/clusters";

    private ClusterViews() {}

    /** The display id of a pool: the names as the client wrote them. */
    public static ArmId poolId(PoolRecord pool) {
        return ArmId.pool(pool.subscription(), pool.resourceGroup(), pool.name());
    }

    static ClusterPool pool(PoolRecord pool) {
        return new ClusterPool(
                poolId(pool).poolPath(),
                pool.name(),
                POOL_TYPE,
                pool.location(),
                pool.tags(),
                new ClusterPool.Properties(
                        pool.provisioningState(),
                        ClusterRegistry.deploymentId(pool.id(), pool.name()),
                        "Running"));
    }

    /**
     * A cluster as GET shows it: the accepted profile plus the read-only state, the full Flink
     * version it runs and, for a local cluster, the REST URL of its JobManager.
     */
    public static Cluster cluster(ArmId id, ClusterRecord record) {
        Cluster.ClusterProfile profile = null;
        try {
            ClusterDefinition definition = ClusterDefinition.of(record);
            FlinkProfile flink = definition.flink();
            String version =
                    record.flinkVersion() != null ? record.flinkVersion() : flink.flinkVersion();
            profile =
                    new Cluster.ClusterProfile(
                            definition.clusterVersion(),
                            // The version that runs, whatever ossVersion the request named.
                            version != null ? version : definition.ossVersion(),
                            new FlinkProfile(
                                    flink.storage(),
                                    flink.jobManager(),
                                    flink.taskManager(),
                                    flink.historyServer(),
                                    flink.numReplicas(),
                                    flink.deploymentMode(),
                                    version,
                                    record.restUrl(),
                                    WebhookKeys.withoutSecret(flink.flinkConfiguration()),
                                    flink.jobSpec()));
        } catch (RuntimeException e) {
            // A row another component wrote without a profile still shows its state.
        }
        return new Cluster(
                id.clusterPath(),
                record.name(),
                CLUSTER_TYPE,
                record.location(),
                record.tags(),
                new Cluster.Properties(
                        record.provisioningState(),
                        ClusterDefinition.CLUSTER_TYPE,
                        ClusterRegistry.deploymentId(record.id(), record.name()),
                        record.status(),
                        record.statusReason(),
                        profile));
    }

    /** The Azure-AsyncOperation document of an operation. */
    public static OperationStatus operation(String path, OperationRecord operation) {
        ErrorResponse.ErrorDetail error =
                ClusterOperation.FAILED.equals(operation.status())
                        ? new ErrorResponse.ErrorDetail(
                                ClusterOperation.errorCode(operation.kind()),
                                operation.error(),
                                null,
                                null)
                        : null;
        return new OperationStatus(
                path,
                operation.id(),
                operation.status(),
                operation.createdAt() == null ? null : operation.createdAt().toString(),
                operation.endedAt() == null ? null : operation.endedAt().toString(),
                error);
    }
}
