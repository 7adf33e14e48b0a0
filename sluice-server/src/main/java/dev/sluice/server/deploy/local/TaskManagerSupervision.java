package dev.sluice.server.deploy.local;

import dev.sluice.server.common.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the TaskManagers of the local clusters running: every {@code every}, a TaskManager process
 * that died is started again ({@link LocalProcessDeployer#replaceDeadTaskManagers}), so the jobs
 * recover through Flink's own restart strategy once its slots are back.
 */
final class TaskManagerSupervision implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerSupervision.class);

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("sluice-local-supervision"));

    TaskManagerSupervision(LocalProcessDeployer deployer, Duration every) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    // An exception escaping a scheduled task silently cancels all its later runs.
                    for (String name : deployer.recorded()) {
                        try {
                            deployer.replaceDeadTaskManagers(name);
                        } catch (RuntimeException e) {
                            LOG.warn("Supervising cluster {} failed: {}", name, e.toString());
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
