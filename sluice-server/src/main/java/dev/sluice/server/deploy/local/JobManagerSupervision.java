package dev.sluice.server.deploy.local;

import dev.sluice.server.common.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JobManagers of the local session clusters running: every {@code every}, a cluster whose
 * JobManager process died is started again ({@link LocalProcessDeployer#replaceDeadJobManager}) on
 * its ports, with new TaskManagers, and its new start time tells the layers above (through {@code
 * DeploymentState.Ready}) that the jobs it ran are lost and are to be relaunched. Its own thread,
 * as a start waits until the cluster is ready.
 */
final class JobManagerSupervision implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobManagerSupervision.class);

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("sluice-local-jm-supervision"));

    JobManagerSupervision(LocalProcessDeployer deployer, Duration every) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    // An exception escaping a scheduled task silently cancels all its later runs.
                    for (String name : deployer.recorded()) {
                        try {
                            deployer.replaceDeadJobManager(name)
                                    .ifPresent(
                                            c ->
                                                    LOG.warn(
                                                            "Started cluster {} again after its"
                                                                    + " JobManager died: {}",
                                                            name,
                                                            c.restUrl()));
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "Starting the JobManager of cluster {} again failed: {}",
                                    name,
                                    e.toString());
                        }
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
