package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.lifecycle.ApplicationClusters;
import dev.sluice.server.storage.JarFiles;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a run of an Application-mode cluster's job, which means deploying the cluster again: an
 * upgrade's new jar and Flink version are applied first, then the processes are replaced by ones
 * running the run's Flink job id from its restore path. Idempotent: processes that already run that
 * id are kept, and applying the same changes twice changes nothing.
 */
final class ApplicationSubmit {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationSubmit.class);

    private final ApplicationClusters applications;
    private final ClusterRegistry clusters;

    ApplicationSubmit(ApplicationClusters applications, ClusterRegistry clusters) {
        this.applications = applications;
        this.clusters = clusters;
    }

    void submit(ActionContext ctx, String flinkJobId, String restorePath) {
        applyUpgrade(ctx);
        ClusterRecord redeployed;
        try {
            LOG.info(
                    "Job {}: deploying cluster {} for Flink job {}{}",
                    ctx.job().name(),
                    ctx.cluster.name(),
                    flinkJobId,
                    restorePath == null ? "" : " from " + restorePath);
            redeployed = applications.deploy(ctx.job(), flinkJobId, restorePath);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkSteps.EngineStopping();
        } catch (DeploymentException e) {
            String reason = e.getMessage();
            ctx.updateJob(job -> job.withStatus(JobStatus.FAILED, reason));
            throw new ActionFailure(reason, reason);
        }
        ctx.retarget(redeployed, clusters.client(redeployed));
    }

    /**
     * An upgrade (a PATCH of the cluster) carries its changes as parameters: the job gets the new
     * jar first (its entry class from the new jar's manifest unless one was given), then the
     * cluster's definition the new Flink version and jobSpec.
     */
    private void applyUpgrade(ActionContext ctx) {
        if (ctx.parameter(ApplicationClusters.CLUSTER_PATCH) == null) {
            return;
        }
        String version = ctx.parameter(ApplicationClusters.FLINK_VERSION);
        String directory = ctx.parameter("jobJarDirectory");
        String jarName = ctx.parameter("jarName");
        String entryClass = ctx.parameter("entryClass");
        if (version == null && directory == null && jarName == null && entryClass == null) {
            return;
        }
        String newDirectory = directory != null ? directory : ctx.job().jarDirectory();
        String newJarName = jarName != null ? jarName : ctx.job().jarName();
        String newEntryClass = entryClass;
        if (newEntryClass == null && (directory != null || jarName != null)) {
            Path jar = JarFiles.requireJar(ctx.roots, newDirectory, newJarName);
            newEntryClass = JarFiles.mainClass(jar).orElse(ctx.job().entryClass());
        }
        String chosenEntryClass = newEntryClass != null ? newEntryClass : ctx.job().entryClass();
        ctx.updateJob(job -> job.withJar(newDirectory, newJarName, chosenEntryClass));
        ctx.retarget(
                applications.applyUpgrade(ctx.cluster.id(), ctx.action().parameters()), ctx.flink);
        ctx.record(a -> a.withStep("upgrade-applied"));
    }
}
