package dev.sluice.server.deploy;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What a deployment target should run: a session cluster, or an Application-mode cluster when
 * {@code application} is set. A target checks what it needs of it (resources, the deployment id as
 * a name) and rejects the rest with {@link DeploymentFailure.Kind#INVALID_SPEC}.
 *
 * @param deploymentId the target's name for the deployment; stable for a cluster
 * @param flinkVersion a Flink version or line ("1.20", "2.3.0"); the target resolves it
 * @param jobManager the JobManager's size; null when the target sizes nothing
 * @param taskManager each TaskManager's size; null when the target sizes nothing
 * @param taskManagers number of TaskManagers
 * @param slotsPerTaskManager task slots of each TaskManager
 * @param flinkConfiguration Flink configuration; wins over keys the target generates
 * @param application the one job an Application-mode cluster runs, null for a session cluster
 * @param restUrl where a cluster that runs elsewhere answers (the external target), else null
 */
public record ClusterSpec(
        String deploymentId,
        String flinkVersion,
        Resources jobManager,
        Resources taskManager,
        int taskManagers,
        int slotsPerTaskManager,
        Map<String, String> flinkConfiguration,
        ApplicationRun application,
        URI restUrl) {

    public ClusterSpec {
        Objects.requireNonNull(deploymentId, "deploymentId");
        flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    }

    /** This spec with another Flink configuration. */
    public ClusterSpec withFlinkConfiguration(Map<String, String> configuration) {
        return new ClusterSpec(
                deploymentId,
                flinkVersion,
                jobManager,
                taskManager,
                taskManagers,
                slotsPerTaskManager,
                configuration,
                application,
                restUrl);
    }

    /** As the record's own, with secrets such as a storage account key masked. */
    @Override
    public String toString() {
        return ("ClusterSpec[deploymentId=%s, flinkVersion=%s, jobManager=%s, taskManager=%s,"
                        + " taskManagers=%d, slotsPerTaskManager=%d, flinkConfiguration=%s,"
                        + " application=%s, restUrl=%s]")
                .formatted(
                        deploymentId,
                        flinkVersion,
                        jobManager,
                        taskManager,
                        taskManagers,
                        slotsPerTaskManager,
                        SensitiveKeys.masked(flinkConfiguration),
                        application,
                        restUrl);
    }

    /**
     * The size of one process.
     *
     * @param cpu cores
     * @param memoryMb process memory in MB
     */
    public record Resources(double cpu, int memoryMb) {}
}
