package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales a running local cluster's TaskManagers without touching its JobManager: new ones are
 * recorded (as not yet started) before they start, so a server that dies meanwhile leaves a {@code
 * cluster.json} the next one completes; the highest-index ones are stopped and then dropped from
 * the record, so a dead one is never mistaken for one the supervision must start again.
 */
final class TaskManagerScaling {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerScaling.class);
    // A pid no process has: the supervision and adoption start a TaskManager recorded with it.
    private static final long NOT_STARTED = 0L;

    private final ClusterStateFiles state;
    private final Object lock;
    private final UnaryOperator<LocalCluster> withLiveTaskManagers;
    private final ClusterReadiness readiness;

    TaskManagerScaling(
            ClusterStateFiles state,
            Object lock,
            UnaryOperator<LocalCluster> withLiveTaskManagers,
            ClusterReadiness readiness) {
        this.state = state;
        this.lock = lock;
        this.withLiveTaskManagers = withLiveTaskManagers;
        this.readiness = readiness;
    }

    /**
     * Makes the recorded cluster run {@code taskManagers} TaskManagers and waits until its
     * JobManager reports exactly those.
     *
     * @throws DeploymentException {@code MISSING} when the cluster is not recorded, {@code TIMEOUT}
     *     when Flink does not report the new count in time
     */
    LocalCluster scale(String name, int taskManagers) {
        if (taskManagers < 1) {
            throw new IllegalArgumentException("A cluster needs at least one TaskManager");
        }
        LocalCluster scaled;
        synchronized (lock) {
            LocalCluster cluster =
                    state.read(name)
                            .orElseThrow(
                                    () ->
                                            new DeploymentException(
                                                    Kind.MISSING,
                                                    "Cluster " + name + " is not running"));
            List<Long> pids = new ArrayList<>(cluster.taskManagerPids());
            int now = pids.size();
            if (taskManagers > now) {
                LOG.info("Cluster {}: {} → {} TaskManagers", name, now, taskManagers);
                while (pids.size() < taskManagers) {
                    pids.add(NOT_STARTED);
                }
                LocalCluster wanted = with(cluster, pids);
                state.write(wanted);
                scaled = withLiveTaskManagers.apply(wanted);
            } else if (taskManagers < now) {
                LOG.info("Cluster {}: {} → {} TaskManagers", name, now, taskManagers);
                // SIGTERM: a TaskManager then leaves its ResourceManager at once.
                ClusterStop.pids(cluster, pids.subList(taskManagers, now));
                for (int i = taskManagers; i < now; i++) {
                    PrometheusPorts.forget(Path.of(cluster.directory()), "taskmanager-" + i);
                }
                scaled = with(cluster, pids.subList(0, taskManagers));
            } else {
                scaled = with(cluster, pids);
            }
            state.write(scaled);
        }
        readiness.awaitTaskManagers(scaled);
        return scaled;
    }

    /** The cluster with these TaskManagers, its spec saying how many. */
    private static LocalCluster with(LocalCluster cluster, List<Long> pids) {
        LocalClusterSpec spec = cluster.spec();
        return new LocalCluster(
                new LocalClusterSpec(
                        spec.name(),
                        spec.flinkVersion(),
                        spec.jobManagerMemoryMb(),
                        spec.jobManagerCpu(),
                        spec.taskManagerMemoryMb(),
                        spec.taskManagerCpu(),
                        pids.size(),
                        spec.slotsPerTaskManager(),
                        spec.flinkConfiguration(),
                        spec.application()),
                cluster.flinkVersion(),
                cluster.restPort(),
                cluster.rpcPort(),
                cluster.jobManagerPid(),
                List.copyOf(pids),
                cluster.directory(),
                cluster.startedAt());
    }
}
