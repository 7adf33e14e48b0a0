package dev.sluice.server.deploy.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a local cluster's own processes: SIGTERM, TaskManagers first, then SIGKILL after a grace.
 */
final class ClusterStop {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStop.class);

    /** Flink's own shutdown hooks finish well within it; a process still alive after it hangs. */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private ClusterStop() {}

    /** Stops the processes of {@code cluster} that are still ours (a reused pid is left alone). */
    static void processes(LocalCluster cluster) {
        pids(
                cluster,
                Stream.concat(
                                cluster.taskManagerPids().stream(),
                                Stream.of(cluster.jobManagerPid()))
                        .toList());
    }

    /** Stops those of {@code pids} that are still processes of {@code cluster}, in this order. */
    static void pids(LocalCluster cluster, List<Long> pids) {
        List<ProcessHandle> ours = new ArrayList<>();
        pids.stream()
                .filter(pid -> ClusterStateFiles.isOurs(pid, cluster.directory()))
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .forEach(
                        handle -> {
                            handle.destroy();
                            ours.add(handle);
                        });
        Instant deadline = Instant.now().plus(GRACE);
        for (ProcessHandle handle : ours) {
            while (handle.isAlive() && Instant.now().isBefore(deadline)) {
                ClusterReadiness.sleep(Duration.ofMillis(100));
            }
            if (handle.isAlive()) {
                LOG.warn(
                        "Process {} of cluster {} ignored SIGTERM; killing it",
                        handle.pid(),
                        cluster.name());
                handle.destroyForcibly();
            }
        }
    }
}
