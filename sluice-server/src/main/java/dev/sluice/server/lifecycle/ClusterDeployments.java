package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.DeploymentTarget;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provisioner's one way to deploy: the cluster's target (chosen once, from its record) applies
 * the spec, and the deployment is observed until it is ready, failed or gone.
 */
final class ClusterDeployments {

    private static final Duration POLL = Duration.ofMillis(250);

    // The ready timeout bounds a target's own wait for Flink; before it, a local start may stop
    // old processes and run Flink's memory calculation, and the target's timeout (with its log
    // tail) should be the one a user reads.
    private static final Duration TARGET_MARGIN = Duration.ofMinutes(3);

    private final ResourceStore store;
    private final DeploymentTargets targets;
    private final ClusterRegistry registry;
    private final ClusterTasks tasks;
    private final Duration readyWait;
    private final MonitoringSettings monitoring;

    ClusterDeployments(
            ResourceStore store,
            DeploymentTargets targets,
            ClusterRegistry registry,
            ClusterTasks tasks,
            Duration clusterReadyTimeout,
            MonitoringSettings monitoring) {
        this.monitoring = monitoring;
        this.store = store;
        this.targets = targets;
        this.registry = registry;
        this.tasks = tasks;
        this.readyWait = clusterReadyTimeout.plus(TARGET_MARGIN);
    }

    /** The target the cluster runs on. */
    DeploymentTarget target(ClusterRecord record) {
        return targets.get(ClusterDefinition.target(record));
    }

    /** Gives a local cluster its storage root, then deploys it as {@link #deploy} does. */
    DeploymentState.Ready provision(String key, ClusterRecord record, ClusterSpec spec) {
        if (!record.external()) {
            createStorage(key);
        }
        return deploy(key, record, spec);
    }

    private void createStorage(String key) {
        ClusterRecord record = store.findCluster(key).orElseThrow();
        try {
            StorageRoots roots = registry.roots(record);
            roots.storage().createDirectories(roots.primary());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the storage root " + record.storageUri(), e);
        }
    }

    /**
     * Applies the spec to the cluster's target and waits until the target reports it ready; a
     * DELETE of the same cluster interrupts the wait. An external cluster only has its REST API
     * probed, which a DELETE does not interrupt.
     *
     * @throws DeploymentException with the target's typed failure
     */
    DeploymentState.Ready deploy(String key, ClusterRecord record, ClusterSpec given) {
        DeploymentTarget target = target(record);
        if (record.external()) {
            target.apply(given);
            return awaitReady(target, given.deploymentId());
        }
        ClusterSpec spec = monitoring.apply(record, withStorageSettings(record, given));
        return tasks.interruptibly(
                key,
                () -> {
                    // A DELETE committed before this wait was registered could not interrupt it.
                    if (store.findCluster(key)
                            .map(r -> ClusterProvisioner.DELETING.equals(r.provisioningState()))
                            .orElse(true)) {
                        throw new DeploymentException(
                                Kind.INTERRUPTED, "The cluster is being deleted");
                    }
                    target.apply(spec);
                    return awaitReady(target, spec.deploymentId());
                });
    }

    /**
     * The spec with what Flink's filesystem needs to reach the cluster's storage (an Azure account
     * key, the emulator's settings) under the cluster's own keys, which win. Added here, at each
     * deployment, and never to the stored definition, so that the cluster's GET never shows it.
     */
    ClusterSpec withStorageSettings(ClusterRecord record, ClusterSpec spec) {
        StorageRoots roots = registry.roots(record);
        Map<String, String> settings = roots.storage().flinkConfiguration(roots.primary());
        if (settings.isEmpty()) {
            return spec;
        }
        Map<String, String> configuration = new LinkedHashMap<>(settings);
        configuration.putAll(spec.flinkConfiguration());
        return spec.withFlinkConfiguration(configuration);
    }

    private DeploymentState.Ready awaitReady(DeploymentTarget target, String deploymentId) {
        Instant deadline = Instant.now().plus(readyWait);
        while (true) {
            DeploymentState state = target.observe(deploymentId);
            if (state instanceof DeploymentState.Ready ready) {
                return ready;
            }
            if (state instanceof DeploymentState.Failed failed) {
                throw new DeploymentException(failed.failure());
            }
            if (state instanceof DeploymentState.Missing) {
                throw new DeploymentException(
                        Kind.MISSING, "The deployment " + deploymentId + " is gone");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DeploymentException(
                        Kind.TIMEOUT,
                        "Cluster "
                                + deploymentId
                                + " was not ready within "
                                + readyWait.toSeconds()
                                + " s");
            }
            pause();
        }
    }

    /**
     * Waits until the cluster's JobManager reports {@code count} TaskManagers: a deployment that a
     * target adopted (a resize resumed by another server) is ready before new ones register.
     */
    void awaitTaskManagers(String key, ClusterRecord record, int count) {
        FlinkClient client = registry.client(record);
        Instant deadline = Instant.now().plus(readyWait);
        tasks.interruptibly(
                key,
                () -> {
                    while (true) {
                        try {
                            if (client.overview().taskManagers() == count) {
                                return null;
                            }
                        } catch (FlinkUnavailableException | FlinkRequestException e) {
                            // Asked again until the deadline.
                        }
                        if (Instant.now().isAfter(deadline)) {
                            throw new DeploymentException(
                                    Kind.TIMEOUT,
                                    "Cluster "
                                            + record.name()
                                            + " did not report "
                                            + count
                                            + " TaskManagers within "
                                            + readyWait.toSeconds()
                                            + " s");
                        }
                        pause();
                    }
                });
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(
                    Kind.INTERRUPTED, "Interrupted while waiting for the cluster", e);
        }
    }
}
