package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Waits for a started local cluster's REST endpoint to report all its TaskManagers and slots. */
final class ClusterReadiness {

    private static final int TAIL_LINES = 30;

    private final Function<URI, FlinkClient> clients;
    private final Duration readyTimeout;

    ClusterReadiness(Function<URI, FlinkClient> clients, Duration readyTimeout) {
        this.clients = clients;
        this.readyTimeout = readyTimeout;
    }

    /**
     * Returns once the cluster is ready. A process that exits, or a cluster not ready in time, runs
     * {@code discard} first (so the log tails include the shutdown) and then fails.
     *
     * @param processes the JobManager first, then the TaskManagers in order
     * @throws DeploymentException {@code PROCESS_EXITED} or {@code TIMEOUT}, with the log tails
     */
    void await(LocalCluster cluster, List<Process> processes, Runnable discard) {
        FlinkClient client = clients.apply(cluster.restUrl());
        Instant deadline = Instant.now().plus(readyTimeout);
        int expected = cluster.taskManagerPids().size();
        int registered = 0;
        while (Instant.now().isBefore(deadline)) {
            for (int i = 0; i < processes.size(); i++) {
                Process process = processes.get(i);
                if (!process.isAlive()) {
                    String name = i == 0 ? "jobmanager" : "taskmanager-" + (i - 1);
                    discard.run();
                    throw new DeploymentException(
                            LogTail.failure(
                                    Kind.PROCESS_EXITED,
                                    "The "
                                            + name
                                            + " of cluster "
                                            + cluster.name()
                                            + " exited with code "
                                            + process.exitValue()
                                            + " before the cluster was ready.",
                                    tails(cluster, name)));
                }
            }
            try {
                ClusterOverview overview = client.overview();
                registered = overview.taskManagers();
                // A TaskManager registers before it reports its slots: wait for both, so a job
                // submitted right after start finds its slots.
                if (registered >= expected
                        && overview.slotsTotal()
                                >= expected * cluster.spec().slotsPerTaskManager()) {
                    return;
                }
            } catch (FlinkUnavailableException | FlinkRequestException e) {
                // Not listening yet: the JobManager takes a few seconds to open REST.
            }
            sleep(Duration.ofMillis(250));
        }
        discard.run();
        throw new DeploymentException(
                LogTail.failure(
                        Kind.TIMEOUT,
                        "Cluster "
                                + cluster.name()
                                + " was not ready within "
                                + readyTimeout.toSeconds()
                                + " s ("
                                + registered
                                + " of "
                                + expected
                                + " TaskManagers registered).",
                        tails(cluster, "jobmanager")));
    }

    /**
     * Returns once the JobManager of a running cluster reports exactly its recorded TaskManagers
     * with their slots (after a scale: a stopped TaskManager leaves, new ones register).
     *
     * @throws DeploymentException {@code TIMEOUT}, with the JobManager's log tail
     */
    void awaitTaskManagers(LocalCluster cluster) {
        FlinkClient client = clients.apply(cluster.restUrl());
        Instant deadline = Instant.now().plus(readyTimeout);
        int expected = cluster.taskManagerPids().size();
        int registered = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                ClusterOverview overview = client.overview();
                registered = overview.taskManagers();
                if (registered == expected
                        && overview.slotsTotal()
                                == expected * cluster.spec().slotsPerTaskManager()) {
                    return;
                }
            } catch (FlinkUnavailableException | FlinkRequestException e) {
                // The JobManager is busy or restarting; it answers again or the deadline ends it.
            }
            sleep(Duration.ofMillis(250));
        }
        throw new DeploymentException(
                LogTail.failure(
                        Kind.TIMEOUT,
                        "Cluster "
                                + cluster.name()
                                + " did not report "
                                + expected
                                + " TaskManagers within "
                                + readyTimeout.toSeconds()
                                + " s ("
                                + registered
                                + " registered).",
                        tails(cluster, "jobmanager")));
    }

    /** Whether the cluster's REST endpoint answers at all (adoption needs no more). */
    boolean answers(LocalCluster cluster) {
        try {
            clients.apply(cluster.restUrl()).overview();
            return true;
        } catch (FlinkUnavailableException | FlinkRequestException e) {
            return false;
        }
    }

    private static String tails(LocalCluster cluster, String processName) {
        Path logs = Path.of(cluster.directory(), "log");
        return "Last lines of "
                + logs.resolve(processName + ".log")
                + ":\n"
                + LogTail.of(logs.resolve(processName + ".log"), TAIL_LINES)
                + "\nLast lines of "
                + logs.resolve(processName + ".out")
                + ":\n"
                + LogTail.of(logs.resolve(processName + ".out"), TAIL_LINES);
    }

    // Shared with stopping processes: both waits fail the same way when the server is interrupted.
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(
                    Kind.INTERRUPTED, "Interrupted while waiting for the cluster", e);
        }
    }
}
