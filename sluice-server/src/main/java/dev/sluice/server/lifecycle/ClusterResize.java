package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.JobStatus;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Records a resize of a running local cluster, session or Application mode (Clusters_Resize, or a
 * PUT/PATCH of another numReplicas): the new count goes into the definition and the cluster becomes
 * {@code Updating} with its operation, in the caller's transaction, before any process changes;
 * {@link ClusterProvisioner#resize} then scales the TaskManagers through the deployment target. A
 * scale-down below the slots the running jobs hold is refused: Flink could not run them anymore.
 */
@Component
class ClusterResize {

    private final ResourceStore store;
    private final ClusterRegistry registry;
    private final ApplicationJobs applicationJobs;

    ClusterResize(ResourceStore store, ClusterRegistry registry, ApplicationJobs applicationJobs) {
        this.store = store;
        this.registry = registry;
        this.applicationJobs = applicationJobs;
    }

    /**
     * Records the resize; empty when the cluster already has {@code taskManagers}. The caller
     * starts {@link ClusterProvisioner#resize} once its transaction committed.
     *
     * @throws ApiException 400 for fewer than one TaskManager; 409 for an external or an
     *     Application-mode cluster, one that is not Succeeded, or a scale-down below the slots in
     *     use
     */
    Optional<OperationRecord> record(ClusterRecord record, int taskManagers) {
        ClusterDefinition current = ClusterDefinition.of(record);
        if (Objects.equals(current.flink().numReplicas(), taskManagers)) {
            return Optional.empty();
        }
        if (taskManagers < 1) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "A cluster needs at least one TaskManager",
                    "properties.targetWorkerNodeCount");
        }
        if (record.external()) {
            throw notSupported(
                    record,
                    "it is an external cluster: Sluice only talks to its REST API and runs none of"
                            + " its TaskManagers; scale it where it runs");
        }
        if (current.application()) {
            requireRunningJob(record);
        }
        if (!ClusterProvisioner.SUCCEEDED.equals(record.provisioningState())) {
            throw ApiException.conflict(
                    "AnotherOperationInProgress",
                    "Cluster '"
                            + record.name()
                            + "' is "
                            + record.provisioningState()
                            + "; resize it once its provisioningState is Succeeded");
        }
        int replicas = current.flink().numReplicas() == null ? 0 : current.flink().numReplicas();
        if (taskManagers < replicas) {
            requireFreeSlots(record, taskManagers * current.slotsPerTaskManager());
        }
        OperationRecord operation = ClusterOperation.RESIZE.start(record.id());
        String properties = current.withNumReplicas(taskManagers).toJson(operation.id());
        store.updateCluster(
                record.id(),
                r ->
                        r.withProperties(properties)
                                .withState(
                                        ClusterProvisioner.UPDATING,
                                        ClusterProvisioner.RESIZING,
                                        null,
                                        r.restUrl()));
        store.insertOperation(operation);
        return Optional.of(operation);
    }

    /**
     * An Application-mode cluster is scaled in place while its job runs (the target adopts the
     * processes of that Flink job id); its processes are the job's, so not while an action of the
     * job may redeploy them, nor once the job ended.
     */
    private void requireRunningJob(ClusterRecord record) {
        if (applicationJobs.busy(record)) {
            throw ApiException.conflict(
                    "AnotherOperationInProgress",
                    "Cluster '"
                            + record.name()
                            + "': an action of its job is under way; resize it once that action"
                            + " ended");
        }
        JobStatus status = applicationJobs.job(record).run().status();
        if (!status.isLive()) {
            throw notSupported(
                    record,
                    "its job is "
                            + status
                            + "; an Application-mode cluster runs its TaskManagers for its job,"
                            + " so resize it while the job runs");
        }
    }

    private void requireFreeSlots(ClusterRecord record, int slotsAfter) {
        ClusterOverview overview;
        try {
            overview = registry.client(record).overview();
        } catch (FlinkUnavailableException | FlinkRequestException e) {
            throw ApiException.conflict(
                    "ClusterNotReady",
                    "Cluster '"
                            + record.name()
                            + "' does not answer, so the slots its jobs use are unknown; resize"
                            + " it once it runs");
        }
        int used = overview.slotsTotal() - overview.slotsAvailable();
        if (used > slotsAfter) {
            throw ApiException.conflict(
                    "ResizeBelowUsedSlots",
                    "Cluster '"
                            + record.name()
                            + "' has "
                            + used
                            + " task slot(s) in use by its running jobs; "
                            + slotsAfter
                            + " would be left. Stop jobs (or lower their parallelism) first");
        }
    }

    private static ApiException notSupported(ClusterRecord record, String why) {
        return ApiException.conflict(
                "ResizeNotSupported", "Cluster '" + record.name() + "' cannot be resized: " + why);
    }

    /** The PATCH profile for {@link ClusterUpgrade}: the resize took its numReplicas. */
    static FlinkProfile withoutNumReplicas(FlinkProfile profile) {
        return profile == null
                ? null
                : new FlinkProfile(
                        profile.storage(),
                        profile.jobManager(),
                        profile.taskManager(),
                        profile.historyServer(),
                        null,
                        profile.deploymentMode(),
                        profile.flinkVersion(),
                        profile.restUrl(),
                        profile.flinkConfiguration(),
                        profile.jobSpec());
    }
}
