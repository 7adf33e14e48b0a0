package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ClusterSettings;
import dev.sluice.server.cluster.ResourceLock;
import dev.sluice.server.cluster.ResourceSpecs;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.store.LeaseProperties;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Provisions, adopts and deletes clusters in the background, one task at a time per cluster, and
 * records every outcome in the cluster record and its operation. The records are written before a
 * task starts and after it ends, so a restarted server can tell from them what to resume. Where a
 * cluster runs is its deployment target's business: this applies a spec and waits on what the
 * target observes. Of several servers one at a time runs a cluster's operation, under its lease
 * ({@link ClusterClaims}), and a live one takes over an operation whose server died.
 */
@Component
public class ClusterProvisioner implements DisposableBean {

    public static final String ACCEPTED = "Accepted";
    static final String PROVISIONING = "Provisioning";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String DELETING = "Deleting";
    static final String UPDATING = "Updating";

    public static final String STARTING = "Starting";
    static final String RUNNING = "Running";
    public static final String STOPPING = "Stopping";
    static final String REDEPLOYING = "Redeploying";
    static final String STOPPED = "Stopped";
    static final String RESIZING = "Resizing";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProvisioner.class);
    private static final int MAX_REASON = 2000;

    private final ResourceStore store;
    private final ClusterRegistry registry;
    private final ApplicationJobs applicationJobs;
    private final ClusterTasks tasks;
    private final ClusterDeployments deployments;
    private final ClusterClaims claims;
    private final ClusterRecords records;
    private final LeaseProperties leaseProperties;
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();

    ClusterProvisioner(
            ResourceStore store,
            DeploymentTargets targets,
            ClusterRegistry registry,
            ApplicationJobs applicationJobs,
            ClusterSettings settings,
            SluiceProperties properties,
            Leases leases,
            LeaseProperties leaseProperties,
            ResourceSpecs specs,
            ResourceLock lock) {
        this.store = store;
        this.registry = registry;
        this.applicationJobs = applicationJobs;
        this.tasks = new ClusterTasks(settings.provisioningThreads());
        this.deployments =
                new ClusterDeployments(
                        store,
                        targets,
                        registry,
                        tasks,
                        properties.clusterReadyTimeout(),
                        new MonitoringSettings(specs, registry, lock));
        this.claims = new ClusterClaims(leases, store);
        this.records = new ClusterRecords(store, claims);
        this.leaseProperties = leaseProperties;
    }

    /** Provisions an Accepted cluster and ends its operation. */
    public CompletableFuture<Void> provision(String clusterKey, String operationId) {
        return tasks.enqueue(
                clusterKey,
                claims.claimed(clusterKey, () -> provisionNow(clusterKey, operationId)));
    }

    /**
     * Stops a cluster's deployment, deletes its record and ends the operation. A wait for its
     * deployment is interrupted first: there is no point in waiting for a cluster that is to go.
     */
    public CompletableFuture<Void> delete(String clusterKey, String operationId) {
        tasks.interrupt(clusterKey);
        return tasks.enqueue(
                clusterKey, claims.claimed(clusterKey, () -> deleteNow(clusterKey, operationId)));
    }

    /**
     * Applies an Updating cluster's definition (its new numReplicas, see {@link ClusterResize}) to
     * its deployment, which scales in place, and ends the operation.
     */
    public CompletableFuture<Void> resize(String clusterKey, String operationId) {
        return tasks.enqueue(
                clusterKey, claims.claimed(clusterKey, () -> resizeNow(clusterKey, operationId)));
    }

    /**
     * Replaces an Application-mode cluster's deployment with {@code spec}'s, in the cluster's queue
     * so that it never runs beside a delete, and records the new REST URL. The future ends with the
     * cluster as recorded then, or fails with a {@link DeploymentException}; a failure leaves the
     * cluster Failed with no processes, to be provisioned again by a PUT.
     */
    public CompletableFuture<ClusterRecord> redeploy(String clusterKey, ClusterSpec spec) {
        CompletableFuture<ClusterRecord> result = new CompletableFuture<>();
        tasks.enqueue(
                clusterKey,
                () -> {
                    try {
                        result.complete(redeployNow(clusterKey, spec));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
        return result;
    }

    /** Picks up where an earlier server left a cluster, from what its record says. */
    CompletableFuture<Void> resume(ClusterRecord record) {
        String key = record.id();
        Optional<String> operation = operationOf(record);
        return switch (String.valueOf(record.provisioningState())) {
            case SUCCEEDED ->
                    record.external()
                            ? CompletableFuture.completedFuture(null)
                            : tasks.enqueue(key, () -> adoptOrRestart(key));
            case ACCEPTED, PROVISIONING -> provision(key, operation.orElse(null));
            case DELETING -> delete(key, operation.orElse(null));
            case UPDATING -> resize(key, operation.orElse(null));
            default -> CompletableFuture.completedFuture(null);
        };
    }

    /**
     * From now on, takes over the cluster operations of servers that died (after the recorded
     * clusters were resumed, so that none is resumed twice here).
     */
    void startTakingOver() {
        claims.start(leaseProperties.renewEvery(), tasks::busy, this::takeOver);
    }

    private void takeOver(String clusterKey) {
        store.findCluster(clusterKey).ifPresent(this::resume);
    }

    /** True when this server took the cluster's processes over from an earlier one. */
    boolean adopted(String clusterKey) {
        return adopted.contains(clusterKey);
    }

    @Override
    public void destroy() {
        // The records still say Accepted/Provisioning/Deleting: the next server resumes them.
        // Only waits for a deployment are interrupted (the target adopts or replaces what they
        // started later).
        tasks.close();
        claims.stop();
    }

    private void provisionNow(String key, String operationId) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null || DELETING.equals(record.provisioningState())) {
            records.endOperation(
                    key, operationId, FAILED, "The cluster was deleted before it was provisioned");
            return;
        }
        if (!ACCEPTED.equals(record.provisioningState())
                && !PROVISIONING.equals(record.provisioningState())) {
            return; // another server finished it while this task waited
        }
        try {
            ClusterDefinition definition = ClusterDefinition.of(record);
            records.update(
                    key,
                    r ->
                            r.withState(
                                    PROVISIONING,
                                    STARTING,
                                    null,
                                    r.external() ? r.restUrl() : null));
            boolean application = !record.external() && definition.application();
            ClusterSpec spec =
                    application
                            ? applicationJobs.provisioning(record, definition)
                            : definition.spec(deploymentId(record));
            DeploymentState.Ready ready = deployments.provision(key, record, spec);
            records.update(key, r -> running(r, ready));
            if (application) {
                applicationJobs.deployed(record);
            }
            records.endOperation(key, operationId, SUCCEEDED, null);
        } catch (RuntimeException e) {
            failed(key, operationId, e, "provisioned");
        }
    }

    private void resizeNow(String key, String operationId) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null || !UPDATING.equals(record.provisioningState())) {
            records.endOperation(key, operationId, FAILED, "The cluster was deleted meanwhile");
            return;
        }
        try {
            ClusterDefinition definition = ClusterDefinition.of(record);
            ClusterSpec spec =
                    definition.application()
                            ? applicationJobs.current(record, definition)
                            : definition.spec(deploymentId(record));
            DeploymentState.Ready ready = deployments.provision(key, record, spec);
            deployments.awaitTaskManagers(key, record, spec.taskManagers());
            records.update(key, r -> running(r, ready));
            LOG.info("Cluster {} now runs {} TaskManager(s)", key, spec.taskManagers());
            records.endOperation(key, operationId, SUCCEEDED, null);
        } catch (RuntimeException e) {
            failed(key, operationId, e, "resized");
        }
    }

    private ClusterRecord redeployNow(String key, ClusterSpec spec) {
        ClusterRecord record =
                store.findCluster(key)
                        .orElseThrow(
                                () ->
                                        new DeploymentException(
                                                Kind.MISSING, "The cluster was deleted"));
        if (!SUCCEEDED.equals(record.provisioningState())) {
            throw new DeploymentException(
                    Kind.BUSY, "Cluster " + record.name() + " is " + record.provisioningState());
        }
        records.update(
                key, r -> r.withState(r.provisioningState(), REDEPLOYING, null, r.restUrl()));
        try {
            DeploymentState.Ready ready = deployments.provision(key, record, spec);
            records.update(key, r -> running(r, ready));
            LOG.info(
                    "Cluster {} redeployed for Flink job {}", key, spec.application().flinkJobId());
        } catch (RuntimeException e) {
            if (tasks.closing()) {
                throw e;
            }
            String reason = "Redeploying failed: " + reason(e);
            LOG.error("Cluster {}: {}", key, reason);
            records.update(key, r -> r.withState(FAILED, FAILED, reason, null));
            Kind kind =
                    e instanceof DeploymentException failure
                            ? failure.failure().kind()
                            : Kind.UNEXPECTED;
            throw new DeploymentException(DeploymentFailure.of(kind, reason), e);
        }
        return store.findCluster(key)
                .orElseThrow(
                        () -> new DeploymentException(Kind.MISSING, "The cluster was deleted"));
    }

    private void adoptOrRestart(String key) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null || !SUCCEEDED.equals(record.provisioningState())) {
            return;
        }
        String name = deploymentId(record);
        try {
            DeploymentState state = deployments.target(record).observe(name);
            if (state instanceof DeploymentState.Ready ready) {
                adopted.add(key);
                records.update(key, r -> running(r, ready));
                return;
            }
            ClusterDefinition definition = ClusterDefinition.of(record);
            ClusterSpec spec;
            if (definition.application() && applicationJobs.busy(record)) {
                // An action was redeploying the cluster when the server stopped; resumed, it
                // deploys the cluster itself.
                LOG.info("Cluster {} ({}) is left to its job's action", record.name(), name);
                return;
            }
            if (definition.application()) {
                Optional<ClusterSpec> restart = applicationJobs.restart(record, definition);
                if (restart.isEmpty()) {
                    // Running a stopped job again unasked would be worse than waiting for a PUT.
                    String reason =
                            "Its processes were not running and its job is not meant to run;"
                                    + " PUT the cluster again to deploy the job from its newest"
                                    + " savepoint or checkpoint";
                    LOG.info("Application cluster {} ({}): {}", record.name(), name, reason);
                    records.update(key, r -> r.withState(FAILED, STOPPED, reason, null));
                    return;
                }
                spec = restart.get();
            } else {
                spec = definition.spec(name);
            }
            LOG.info("Cluster {} ({}) was not running; starting it again", record.name(), name);
            records.update(
                    key,
                    r ->
                            r.withState(
                                    PROVISIONING,
                                    STARTING,
                                    "Starting again: its processes were not running",
                                    null));
            DeploymentState.Ready ready = deployments.provision(key, record, spec);
            records.update(key, r -> running(r, ready));
        } catch (RuntimeException e) {
            failed(key, null, e, "started again");
        }
    }

    private void deleteNow(String key, String operationId) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null) {
            records.endOperation(key, operationId, SUCCEEDED, null);
            return;
        }
        if (!DELETING.equals(record.provisioningState())) {
            return; // another server ended this delete while this task waited
        }
        try {
            deployments.target(record).remove(deploymentId(record));
            records.delete(key);
            adopted.remove(key);
            LOG.info("Deleted cluster {}", key);
            records.endOperation(key, operationId, SUCCEEDED, null);
        } catch (RuntimeException e) {
            if (e instanceof StaleLeaseException) {
                throw e; // another server took the delete over
            }
            if (tasks.closing()) {
                return;
            }
            String reason = "Delete failed: " + reason(e);
            LOG.error("Deleting cluster {} failed: {}", key, reason);
            records.update(key, r -> r.withState(FAILED, FAILED, reason, r.restUrl()));
            records.endOperation(key, operationId, FAILED, reason);
        }
    }

    private void failed(String key, String operationId, RuntimeException e, String what) {
        if (e instanceof StaleLeaseException) {
            throw e; // another server took the operation over
        }
        if (tasks.closing()) {
            // The server stops: the record still says Accepted/Provisioning and another server
            // provisions it again (adopting processes that came up meanwhile).
            return;
        }
        Optional<ClusterRecord> now = store.findCluster(key);
        if (now.isEmpty() || DELETING.equals(now.get().provisioningState())) {
            records.endOperation(
                    key, operationId, FAILED, "The cluster was deleted before it was " + what);
            return;
        }
        String reason = reason(e);
        LOG.error("Cluster {} could not be {}: {}", key, what, e.getMessage());
        records.update(
                key, r -> r.withState(FAILED, FAILED, reason, r.external() ? r.restUrl() : null));
        if (registry.isApplication(now.get())) {
            applicationJobs.failed(key, now.get().name(), reason);
        }
        records.endOperation(key, operationId, FAILED, reason);
    }

    /** A failure as a user can read it: the typed failure's message, cut to a sane length. */
    private static String reason(RuntimeException e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        reason = reason.strip();
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + " ..." : reason;
    }

    private static ClusterRecord running(ClusterRecord record, DeploymentState.Ready ready) {
        return record.withState(SUCCEEDED, RUNNING, null, ready.restUrl().toString())
                .withFlinkVersion(
                        ready.flinkVersion() != null
                                ? ready.flinkVersion()
                                : record.flinkVersion());
    }

    private static Optional<String> operationOf(ClusterRecord record) {
        try {
            return ClusterDefinition.operationId(record);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String deploymentId(ClusterRecord record) {
        return ClusterRegistry.deploymentId(record.id(), record.name());
    }
}
