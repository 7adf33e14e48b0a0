package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster.FlinkJobProfile;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.job.Job;
import dev.sluice.server.storage.StorageLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the action engine does to Application-mode clusters: run a new run of the job by redeploying
 * the cluster (after applying an upgrade's new Flink version and jobSpec), and delete the cluster
 * with its job.
 */
@Component
public class ApplicationClusters {

    /**
     * Marks the action of an upgrade (a PATCH of the cluster): only then do the jobSpec's field
     * names among the parameters change the jar, as a runJob UPDATE's do not on any cluster.
     */
    public static final String CLUSTER_PATCH = "clusterPatch";

    /** Action parameters of an upgrade, besides the jobSpec's field names. */
    public static final String FLINK_VERSION = "flinkVersion";

    public static final String UPGRADE_MODE = "upgradeMode";

    /** The runtime an upgrade's {@link #FLINK_VERSION} resolved to, as a rollback keeps it. */
    private static final String RUNTIME_VERSION = "runtimeVersion";

    private final ResourceStore store;
    private final ApplicationJobs jobs;
    private final ClusterProvisioner provisioner;
    private final DeploymentTargets targets;
    private final TransactionTemplate transaction;

    ApplicationClusters(
            ResourceStore store,
            ApplicationJobs jobs,
            ClusterProvisioner provisioner,
            DeploymentTargets targets,
            TransactionTemplate transaction) {
        this.store = store;
        this.jobs = jobs;
        this.provisioner = provisioner;
        this.targets = targets;
        this.transaction = transaction;
    }

    /**
     * Records an upgrade's new Flink version and jobSpec fields (action parameters; absent ones
     * stay) in the cluster's definition. Idempotent, so a resumed action can apply it again.
     *
     * @return the cluster as recorded now
     */
    public ClusterRecord applyUpgrade(String clusterKey, Map<String, String> parameters) {
        String version = parameters.get(FLINK_VERSION);
        return store.updateCluster(
                clusterKey,
                record -> {
                    ClusterDefinition definition = ClusterDefinition.of(record);
                    FlinkJobProfile spec = definition.flink().jobSpec();
                    FlinkJobProfile upgraded =
                            new FlinkJobProfile(
                                    parameters.getOrDefault(
                                            "jobJarDirectory", spec.jobJarDirectory()),
                                    parameters.getOrDefault("jarName", spec.jarName()),
                                    parameters.getOrDefault("entryClass", spec.entryClass()),
                                    parameters.getOrDefault("args", spec.args()),
                                    spec.savePointName(),
                                    parameters.getOrDefault(UPGRADE_MODE, spec.upgradeMode()),
                                    spec.flinkConfiguration());
                    String runtime =
                            version == null
                                    ? record.flinkVersion()
                                    : targets.get(ClusterDefinition.target(record))
                                            .flinkVersions()
                                            .resolve(version);
                    return withUpgrade(
                            record,
                            definition,
                            version == null ? definition.flink().flinkVersion() : version,
                            runtime,
                            upgraded);
                });
    }

    /**
     * What an upgrade changes in the cluster's definition as it is now (Flink version and jobSpec
     * fields, absent ones left out), for {@link #restoreDefinition} to put back when the upgrade is
     * rolled back.
     */
    public Map<String, String> definitionOf(ClusterRecord record) {
        ClusterDefinition definition = ClusterDefinition.of(record);
        FlinkJobProfile spec = definition.flink().jobSpec();
        Map<String, String> kept = new LinkedHashMap<>();
        putIfPresent(kept, FLINK_VERSION, definition.flink().flinkVersion());
        putIfPresent(kept, RUNTIME_VERSION, record.flinkVersion());
        putIfPresent(kept, "jobJarDirectory", spec.jobJarDirectory());
        putIfPresent(kept, "jarName", spec.jarName());
        putIfPresent(kept, "entryClass", spec.entryClass());
        putIfPresent(kept, "args", spec.args());
        putIfPresent(kept, UPGRADE_MODE, spec.upgradeMode());
        return kept;
    }

    /**
     * Puts back the Flink version and jobSpec fields {@link #definitionOf} gave (an absent one is
     * absent again), so the cluster's GET shows the definition of the version that runs again; a
     * cluster whose redeploy failed may be redeployed again. Idempotent.
     *
     * @return the cluster as recorded now
     */
    public ClusterRecord restoreDefinition(String clusterKey, Map<String, String> kept) {
        return store.updateCluster(
                clusterKey,
                record -> {
                    ClusterDefinition definition = ClusterDefinition.of(record);
                    FlinkJobProfile spec = definition.flink().jobSpec();
                    FlinkJobProfile previous =
                            new FlinkJobProfile(
                                    kept.get("jobJarDirectory"),
                                    kept.get("jarName"),
                                    kept.get("entryClass"),
                                    kept.get("args"),
                                    spec.savePointName(),
                                    kept.getOrDefault(UPGRADE_MODE, spec.upgradeMode()),
                                    spec.flinkConfiguration());
                    ClusterRecord restored =
                            withUpgrade(
                                    record,
                                    definition,
                                    kept.getOrDefault(
                                            FLINK_VERSION, definition.flink().flinkVersion()),
                                    kept.getOrDefault(RUNTIME_VERSION, record.flinkVersion()),
                                    previous);
                    // The new version's redeploy failed and left no processes: the rollback's
                    // redeploy is what recovers the cluster, so it may run (and fail it again).
                    return ClusterProvisioner.FAILED.equals(record.provisioningState())
                                    && record.restUrl() == null
                            ? restored.withState(
                                    ClusterProvisioner.SUCCEEDED,
                                    ClusterProvisioner.FAILED,
                                    record.statusReason(),
                                    null)
                            : restored;
                });
    }

    /**
     * Makes the cluster run Flink job {@code flinkJobId} of {@code job}, restored from {@code
     * restorePath} (null: fresh), with the jar as it is in storage now; processes that already run
     * that id are kept. Blocks until the processes are up.
     *
     * @return the cluster as recorded now, with its (possibly new) REST URL
     * @throws DeploymentException why the cluster could not be deployed; it is then Failed, with no
     *     processes
     * @throws InterruptedException when the server stops meanwhile
     */
    public ClusterRecord deploy(Job job, String flinkJobId, String restorePath)
            throws InterruptedException {
        return deploy(job, flinkJobId, restorePath, null);
    }

    /**
     * As {@link #deploy(Job, String, String)}, running {@code jar} (null: the job's jar in storage)
     * instead: a rollback's kept jar, or the copy kept of this run's.
     */
    public ClusterRecord deploy(Job job, String flinkJobId, String restorePath, StorageLocation jar)
            throws InterruptedException {
        ClusterRecord record =
                store.findCluster(job.clusterId())
                        .orElseThrow(
                                () ->
                                        new DeploymentException(
                                                Kind.MISSING, "The cluster was deleted"));
        ClusterSpec spec =
                jobs.spec(record, ClusterDefinition.of(record), job, flinkJobId, restorePath, jar);
        return await(provisioner.redeploy(record.id(), spec));
    }

    /**
     * Deletes the cluster (a DELETE of its job): its processes are stopped and its record removed,
     * as a DELETE of the cluster resource does; savepoints and checkpoints stay in storage. Blocks
     * until done.
     */
    public void delete(String clusterKey) throws InterruptedException {
        OperationRecord operation = ClusterOperation.DELETE.start(clusterKey);
        boolean exists =
                Boolean.TRUE.equals(
                        transaction.execute(
                                status -> {
                                    if (store.findCluster(clusterKey).isEmpty()) {
                                        return false;
                                    }
                                    store.updateCluster(
                                            clusterKey,
                                            r ->
                                                    ClusterService.withOperation(r, operation.id())
                                                            .withState(
                                                                    ClusterProvisioner.DELETING,
                                                                    ClusterProvisioner.STOPPING,
                                                                    null,
                                                                    r.restUrl()));
                                    store.insertOperation(operation);
                                    return true;
                                }));
        if (exists) {
            await(provisioner.delete(clusterKey, operation.id()));
        }
        store.findCluster(clusterKey)
                .ifPresent(
                        left -> {
                            throw new DeploymentException(
                                    Kind.UNEXPECTED,
                                    "Deleting cluster "
                                            + left.name()
                                            + " failed: "
                                            + left.statusReason());
                        });
    }

    /**
     * The record with its definition at {@code version} (runtime {@code runtime}) and {@code
     * jobSpec}.
     */
    private static ClusterRecord withUpgrade(
            ClusterRecord record,
            ClusterDefinition definition,
            String version,
            String runtime,
            FlinkJobProfile jobSpec) {
        ClusterDefinition next = definition.withUpgrade(version, runtime, jobSpec);
        String operation = ClusterDefinition.operationId(record).orElse(null);
        return record.withProperties(next.toJson(operation)).withFlinkVersion(runtime);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DeploymentException(
                    Kind.UNEXPECTED, String.valueOf(e.getCause()), e.getCause());
        }
    }
}
