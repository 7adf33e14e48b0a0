package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.lifecycle.ApplicationClusters;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageLocation;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches a run of an Application-mode cluster's job, which means deploying the cluster again: an
 * upgrade's new jar and Flink version are applied first, then the processes are replaced by ones
 * running the run's Flink job id from its restore path. Idempotent: processes that already run that
 * id are kept, and applying the same changes twice changes nothing. A rollback of a failed UPDATE
 * puts the cluster's previous definition back and runs the previous run's kept jar. The cluster
 * exists for its job, so deleting the job deletes the cluster.
 */
final class ApplicationLauncher implements JobLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationLauncher.class);

    private final ApplicationClusters applications;
    private final ClusterRegistry clusters;

    ApplicationLauncher(ApplicationClusters applications, ClusterRegistry clusters) {
        this.applications = applications;
        this.clusters = clusters;
    }

    @Override
    public ActionRun launch(ActionRun run, String flinkJobId, String restorePath, boolean fresh) {
        ActionRun upgraded = Rollback.rollingBack(run) ? restoreDefinition(run) : applyUpgrade(run);
        // With rollback on, the run's jar is kept (and run from that copy): the next UPDATE may
        // replace the jar in storage and then fail.
        StorageLocation jar = KeptJars.kept(upgraded) ? KeptJars.toRun(upgraded, flinkJobId) : null;
        ClusterRecord redeployed;
        try {
            LOG.info(
                    "Job {}: deploying cluster {} for Flink job {}{}",
                    upgraded.job().name(),
                    upgraded.cluster().name(),
                    flinkJobId,
                    restorePath == null ? "" : " from " + restorePath);
            redeployed = applications.deploy(upgraded.job(), flinkJobId, restorePath, jar);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStopping();
        } catch (DeploymentException e) {
            String reason = e.getMessage();
            upgraded.updateJob(job -> job.withStatus(JobStatus.FAILED, reason));
            throw new ActionFailure(reason, reason);
        }
        return upgraded.on(redeployed, clusters.client(redeployed));
    }

    @Override
    public String delete(ActionRun run) {
        try {
            applications.delete(run.cluster().id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStopping();
        } catch (DeploymentException e) {
            throw new ActionFailure(e.getMessage());
        }
        return "Job and its Application-mode cluster '" + run.cluster().name() + "' deleted";
    }

    @Override
    public boolean rollsBack() {
        return true;
    }

    @Override
    public Map<String, String> definition(ActionRun run) {
        return applications.definitionOf(
                clusters.findOptional(run.cluster().id()).orElse(run.cluster()));
    }

    @Override
    public boolean hasProcesses(ActionRun run) {
        return clusters.findOptional(run.cluster().id())
                .map(c -> c.restUrl() != null)
                .orElse(false);
    }

    /**
     * A rollback puts the cluster's definition back as {@link #definition} kept it before the
     * upgrade, so its GET shows the version that runs again; recorded with the rollback's step.
     */
    private ActionRun restoreDefinition(ActionRun run) {
        Map<String, String> kept = Rollback.previousDefinition(run);
        if (kept.isEmpty()) {
            return run;
        }
        ClusterRecord restored = applications.restoreDefinition(run.cluster().id(), kept);
        return run.on(restored, run.flink());
    }

    /**
     * An upgrade (a PATCH of the cluster) carries its changes as parameters: the job gets the new
     * jar first (its entry class from the new jar's manifest unless one was given), then the
     * cluster's definition the new Flink version and jobSpec.
     */
    private ActionRun applyUpgrade(ActionRun run) {
        if (run.parameter(ApplicationClusters.CLUSTER_PATCH) == null) {
            return run;
        }
        String version = run.parameter(ApplicationClusters.FLINK_VERSION);
        String directory = run.parameter("jobJarDirectory");
        String jarName = run.parameter("jarName");
        String entryClass = run.parameter("entryClass");
        if (version == null && directory == null && jarName == null && entryClass == null) {
            return run;
        }
        String newDirectory = directory != null ? directory : run.job().spec().jarDirectory();
        String newJarName = jarName != null ? jarName : run.job().spec().jarName();
        String newEntryClass = entryClass;
        if (newEntryClass == null && (directory != null || jarName != null)) {
            StorageLocation jar = JarFiles.requireJar(run.roots(), newDirectory, newJarName);
            newEntryClass =
                    JarFiles.mainClass(run.roots(), jar).orElse(run.job().spec().entryClass());
        }
        String chosenEntryClass =
                newEntryClass != null ? newEntryClass : run.job().spec().entryClass();
        ActionRun withJar =
                run.updateJob(job -> job.withJar(newDirectory, newJarName, chosenEntryClass));
        ClusterRecord upgraded =
                applications.applyUpgrade(withJar.cluster().id(), withJar.action().parameters());
        return withJar.on(upgraded, withJar.flink()).record(Step.UPGRADE_APPLIED);
    }
}
