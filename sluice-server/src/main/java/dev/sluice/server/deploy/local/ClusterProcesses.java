package dev.sluice.server.deploy.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The synchronous process operations {@link LocalDeploymentTarget} runs in the background: {@link
 * LocalProcessDeployer}, or a fake in the target's tests.
 */
interface ClusterProcesses {

    /** Starts a session or application cluster (adopting one that runs) and waits until ready. */
    LocalCluster start(LocalClusterSpec spec);

    /** Makes an application cluster run the spec's job, keeping processes that already do. */
    LocalCluster redeploy(LocalClusterSpec spec);

    /** Takes over the recorded processes of a cluster that still runs. */
    Optional<LocalCluster> adopt(String name);

    /** Scales a running cluster to {@code taskManagers} TaskManagers, its JobManager untouched. */
    LocalCluster scale(String name, int taskManagers);

    /** Stops a cluster's processes and forgets it; true when it was recorded. */
    boolean stop(String name);

    /** What is recorded of a cluster's processes now (a supervision may have replaced them). */
    Optional<LocalCluster> recorded(String name);

    /** Whether the recorded JobManager process died (not by a stop of the cluster). */
    boolean jobManagerDied(String name);

    /** The cluster's directory (conf, log, state). */
    Path directory(String name);
}
