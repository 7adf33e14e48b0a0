package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A Flink cluster resource ({@code Microsoft.HDInsight/clusterpools/clusters}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cluster(
        String id,
        String name,
        String type,
        String location,
        Map<String, String> tags,
        Properties properties) {

    /** Cluster properties; provisioningState, deploymentId and status are read-only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            String provisioningState,
            String clusterType,
            String deploymentId,
            String status,
            String statusReason,
            ClusterProfile clusterProfile) {}

    /** The profile; only the Flink part matters to Sluice. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterProfile(
            String clusterVersion, String ossVersion, FlinkProfile flinkProfile) {}

    /**
     * The Flink profile of the spec plus Sluice extensions: {@code flinkVersion} (a bundled
     * version), {@code restUrl} (set for an external cluster Sluice only talks to; read-only for a
     * local one), {@code flinkConfiguration} (cluster-wide Flink keys). {@code jobSpec} is the job
     * of an Application-mode cluster.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlinkProfile(
            Storage storage,
            ComputeResource jobManager,
            ComputeResource taskManager,
            ComputeResource historyServer,
            Integer numReplicas,
            String deploymentMode,
            String flinkVersion,
            String restUrl,
            Map<String, String> flinkConfiguration,
            FlinkJobProfile jobSpec) {

        /** A profile without a job: a session cluster's (or one that does not say). */
        public FlinkProfile(
                Storage storage,
                ComputeResource jobManager,
                ComputeResource taskManager,
                ComputeResource historyServer,
                Integer numReplicas,
                String deploymentMode,
                String flinkVersion,
                String restUrl,
                Map<String, String> flinkConfiguration) {
            this(
                    storage,
                    jobManager,
                    taskManager,
                    historyServer,
                    numReplicas,
                    deploymentMode,
                    flinkVersion,
                    restUrl,
                    flinkConfiguration,
                    null);
        }
    }

    /**
     * The job of an Application-mode cluster (2023-11-01-preview {@code FlinkJobProfile});
     * upgradeMode is how a Flink version change carries the job's state: UPDATE (savepoint),
     * LAST_STATE_UPDATE (last checkpoint) or STATELESS_UPDATE (fresh). {@code flinkConfiguration}
     * is a Sluice extension: the job's own Flink keys, which win over the cluster's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlinkJobProfile(
            String jobJarDirectory,
            String jarName,
            String entryClass,
            String args,
            String savePointName,
            String upgradeMode,
            Map<String, String> flinkConfiguration) {}

    /** Where the cluster keeps jars, savepoints and checkpoints. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Storage(String storageUri, String storagekey) {}

    /** CPU cores and memory in MB of one process. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComputeResource(Double cpu, Long memory) {}
}
