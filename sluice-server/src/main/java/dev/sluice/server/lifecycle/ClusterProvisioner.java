package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ClusterSettings;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.deploy.local.ClusterStartException;
import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.deploy.local.LogTail;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Provisions, adopts and deletes clusters in the background, one task at a time per cluster, and
 * records every outcome in the cluster record and its operation. The records are written before a
 * task starts and after it ends, so a restarted server can tell from them what to resume.
 */
@Component
public class ClusterProvisioner implements DisposableBean {

    public static final String ACCEPTED = "Accepted";
    static final String PROVISIONING = "Provisioning";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String DELETING = "Deleting";

    public static final String STARTING = "Starting";
    static final String RUNNING = "Running";
    public static final String STOPPING = "Stopping";
    static final String REDEPLOYING = "Redeploying";
    static final String STOPPED = "Stopped";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProvisioner.class);
    private static final int MAX_REASON = 2000;
    private static final int OVERVIEW_ATTEMPTS = 3;

    private final ResourceStore store;
    private final LocalProcessDeployer deployer;
    private final ClusterRegistry registry;
    private final ApplicationJobs applicationJobs;
    private final ExecutorService executor;
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    private final Map<String, Thread> starting = new ConcurrentHashMap<>();
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ClusterProvisioner(
            ResourceStore store,
            LocalProcessDeployer deployer,
            ClusterRegistry registry,
            ApplicationJobs applicationJobs,
            ClusterSettings settings) {
        this.store = store;
        this.deployer = deployer;
        this.registry = registry;
        this.applicationJobs = applicationJobs;
        this.executor =
                Executors.newFixedThreadPool(
                        Math.max(1, settings.provisioningThreads()),
                        DaemonThreads.numbered("sluice-cluster"));
    }

    /** Provisions an Accepted cluster and ends its operation. */
    public CompletableFuture<Void> provision(String clusterKey, String operationId) {
        return enqueue(clusterKey, () -> provisionNow(clusterKey, operationId));
    }

    /**
     * Stops a cluster's processes, deletes its record and ends the operation. A start still under
     * way is interrupted first: there is no point in waiting for a cluster that is to go.
     */
    public CompletableFuture<Void> delete(String clusterKey, String operationId) {
        synchronized (starting) {
            Thread thread = starting.get(clusterKey);
            if (thread != null) {
                thread.interrupt();
            }
        }
        return enqueue(clusterKey, () -> deleteNow(clusterKey, operationId));
    }

    /**
     * Replaces an Application-mode cluster's processes with {@code spec}'s deployment, in the
     * cluster's queue so that it never runs beside a delete, and records the new REST URL. The
     * future ends with the cluster as recorded then, or fails with the reason; a failure leaves the
     * cluster Failed with no processes, to be provisioned again by a PUT.
     */
    public CompletableFuture<ClusterRecord> redeploy(String clusterKey, LocalClusterSpec spec) {
        CompletableFuture<ClusterRecord> result = new CompletableFuture<>();
        enqueue(
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
                            : enqueue(key, () -> adoptOrRestart(key));
            case ACCEPTED, PROVISIONING -> provision(key, operation.orElse(null));
            case DELETING -> delete(key, operation.orElse(null));
            default -> CompletableFuture.completedFuture(null);
        };
    }

    /** True when this server took the cluster's processes over from an earlier one. */
    boolean adopted(String clusterKey) {
        return adopted.contains(clusterKey);
    }

    @Override
    public void destroy() {
        // The records still say Accepted/Provisioning/Deleting: the next server resumes them.
        // Only starts are interrupted (their processes are adopted or replaced later); anything
        // else finishes on its daemon thread or dies with the JVM, since a task interrupted
        // mid-adoption would take a healthy cluster for dead.
        closing = true;
        synchronized (starting) {
            starting.values().forEach(Thread::interrupt);
        }
        executor.shutdown();
    }

    private CompletableFuture<Void> enqueue(String clusterKey, Runnable task) {
        CompletableFuture<Void> next =
                queues.compute(
                        clusterKey,
                        (key, previous) ->
                                (previous == null
                                                ? CompletableFuture.<Void>completedFuture(null)
                                                : previous)
                                        .handle((ok, e) -> (Void) null)
                                        .thenRunAsync(guarded(task), executor));
        next.whenComplete((ok, e) -> queues.remove(clusterKey, next));
        return next;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Cluster task failed unexpectedly", e);
            } finally {
                // An interrupt meant for this task must not hit the next one on this thread.
                Thread.interrupted();
            }
        };
    }

    private void provisionNow(String key, String operationId) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null || DELETING.equals(record.provisioningState())) {
            endOperation(operationId, FAILED, "The cluster was deleted before it was provisioned");
            return;
        }
        try {
            ClusterDefinition definition = ClusterDefinition.of(record);
            update(
                    key,
                    r ->
                            r.withState(
                                    PROVISIONING,
                                    STARTING,
                                    null,
                                    r.external() ? r.restUrl() : null));
            if (record.external()) {
                String version = probe(record);
                update(
                        key,
                        r ->
                                r.withState(SUCCEEDED, RUNNING, null, r.restUrl())
                                        .withFlinkVersion(
                                                version != null ? version : r.flinkVersion()));
            } else if (definition.application()) {
                LocalClusterSpec spec = applicationJobs.provisioning(record, definition);
                LocalCluster cluster = start(key, () -> deployer.redeploy(spec));
                update(key, r -> running(r, cluster));
                applicationJobs.deployed(record);
            } else {
                LocalClusterSpec spec = definition.localSpec(deploymentId(record));
                LocalCluster cluster = start(key, () -> deployer.start(spec));
                update(key, r -> running(r, cluster));
            }
            endOperation(operationId, SUCCEEDED, null);
        } catch (RuntimeException e) {
            failed(key, operationId, e, "provisioned");
        }
    }

    private ClusterRecord redeployNow(String key, LocalClusterSpec spec) {
        ClusterRecord record =
                store.findCluster(key)
                        .orElseThrow(() -> new ClusterStartException("The cluster was deleted"));
        if (!SUCCEEDED.equals(record.provisioningState())) {
            throw new ClusterStartException(
                    "Cluster " + record.name() + " is " + record.provisioningState());
        }
        update(key, r -> r.withState(r.provisioningState(), REDEPLOYING, null, r.restUrl()));
        try {
            LocalCluster cluster = start(key, () -> deployer.redeploy(spec));
            update(key, r -> running(r, cluster));
            LOG.info("Cluster {} redeployed for Flink job {}", key, spec.application().jobId());
        } catch (RuntimeException e) {
            if (closing) {
                throw e;
            }
            String reason = "Redeploying failed: " + reason(e);
            LOG.error("Cluster {}: {}", key, reason);
            update(key, r -> r.withState(FAILED, FAILED, reason, null));
            throw new ClusterStartException(reason, e);
        }
        return store.findCluster(key)
                .orElseThrow(() -> new ClusterStartException("The cluster was deleted"));
    }

    private void adoptOrRestart(String key) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null || !SUCCEEDED.equals(record.provisioningState())) {
            return;
        }
        String name = deploymentId(record);
        try {
            Optional<LocalCluster> running = deployer.adopt(name);
            if (running.isPresent()) {
                adopted.add(key);
                update(key, r -> running(r, running.get()));
                return;
            }
            ClusterDefinition definition = ClusterDefinition.of(record);
            LocalClusterSpec spec;
            if (definition.application() && applicationJobs.busy(record)) {
                // An action was redeploying the cluster when the server stopped; resumed, it
                // deploys the cluster itself.
                LOG.info("Cluster {} ({}) is left to its job's action", record.name(), name);
                return;
            }
            if (definition.application()) {
                Optional<LocalClusterSpec> restart = applicationJobs.restart(record, definition);
                if (restart.isEmpty()) {
                    // Running a stopped job again unasked would be worse than waiting for a PUT.
                    String reason =
                            "Its processes were not running and its job is not meant to run;"
                                    + " PUT the cluster again to deploy the job from its newest"
                                    + " savepoint or checkpoint";
                    LOG.info("Application cluster {} ({}): {}", record.name(), name, reason);
                    update(key, r -> r.withState(FAILED, STOPPED, reason, null));
                    return;
                }
                spec = restart.get();
            } else {
                spec = definition.localSpec(name);
            }
            LOG.info("Cluster {} ({}) was not running; starting it again", record.name(), name);
            update(
                    key,
                    r ->
                            r.withState(
                                    PROVISIONING,
                                    STARTING,
                                    "Starting again: its processes were not running",
                                    null));
            LocalCluster cluster =
                    start(
                            key,
                            () ->
                                    definition.application()
                                            ? deployer.redeploy(spec)
                                            : deployer.start(spec));
            update(key, r -> running(r, cluster));
        } catch (RuntimeException e) {
            failed(key, null, e, "started again");
        }
    }

    private void deleteNow(String key, String operationId) {
        ClusterRecord record = store.findCluster(key).orElse(null);
        if (record == null) {
            endOperation(operationId, SUCCEEDED, null);
            return;
        }
        try {
            if (!record.external()) {
                deployer.stop(deploymentId(record));
            }
            store.deleteCluster(key);
            adopted.remove(key);
            LOG.info("Deleted cluster {}", key);
            endOperation(operationId, SUCCEEDED, null);
        } catch (RuntimeException e) {
            if (closing) {
                return;
            }
            String reason = "Delete failed: " + reason(e);
            LOG.error("Deleting cluster {} failed: {}", key, reason);
            update(key, r -> r.withState(FAILED, FAILED, reason, r.restUrl()));
            endOperation(operationId, FAILED, reason);
        }
    }

    /** Starts local processes, interruptibly by a DELETE of the same cluster. */
    private LocalCluster start(String key, Supplier<LocalCluster> deploy) {
        createStorage(key);
        starting.put(key, Thread.currentThread());
        try {
            // A DELETE committed before this thread was registered could not interrupt it.
            if (store.findCluster(key)
                    .map(r -> DELETING.equals(r.provisioningState()))
                    .orElse(true)) {
                throw new ClusterStartException("The cluster is being deleted");
            }
            return deploy.get();
        } finally {
            synchronized (starting) {
                starting.remove(key);
            }
        }
    }

    /** An external cluster is provisioned once its REST API answers. */
    private String probe(ClusterRecord record) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= OVERVIEW_ATTEMPTS; attempt++) {
            try {
                ClusterOverview overview = registry.client(record).overview();
                return overview.flinkVersion();
            } catch (FlinkRequestException e) {
                throw new IllegalStateException(
                        "Flink at "
                                + record.restUrl()
                                + " refused GET /overview: "
                                + e.getMessage(),
                        e);
            } catch (FlinkUnavailableException e) {
                last = e;
                pause();
            }
        }
        throw new IllegalStateException(
                "Flink at "
                        + record.restUrl()
                        + " did not answer GET /overview: "
                        + last.getMessage(),
                last);
    }

    private void failed(String key, String operationId, RuntimeException e, String what) {
        if (closing) {
            // The server stops: the record still says Accepted/Provisioning and the next server
            // provisions it again (adopting processes that came up meanwhile).
            return;
        }
        Optional<ClusterRecord> now = store.findCluster(key);
        if (now.isEmpty() || DELETING.equals(now.get().provisioningState())) {
            endOperation(operationId, FAILED, "The cluster was deleted before it was " + what);
            return;
        }
        String reason = reason(e);
        LOG.error("Cluster {} could not be {}: {}", key, what, e.getMessage());
        update(key, r -> r.withState(FAILED, FAILED, reason, r.external() ? r.restUrl() : null));
        if (registry.isApplication(now.get())) {
            applicationJobs.failed(key, now.get().name(), reason);
        }
        endOperation(operationId, FAILED, reason);
    }

    /** A failure as a user can read it: the cause, Flink's own words, and where the logs are. */
    public static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int tails = message.indexOf(" Last lines of ");
        String reason = message;
        if (tails > 0) {
            String cause = LogTail.reason(message.substring(tails));
            reason = message.substring(0, tails);
            if (cause.contains("Exception") || cause.contains("Error")) {
                reason += " Cause: " + cause;
            }
        }
        reason = reason.strip();
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + " ..." : reason;
    }

    private void createStorage(String key) {
        ClusterRecord record = store.findCluster(key).orElseThrow();
        try {
            Files.createDirectories(Path.of(URI.create(record.storageUri())));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the storage root " + record.storageUri(), e);
        }
    }

    private ClusterRecord running(ClusterRecord record, LocalCluster cluster) {
        return record.withState(SUCCEEDED, RUNNING, null, cluster.restUrl().toString())
                .withFlinkVersion(cluster.flinkVersion());
    }

    /** Changes the record unless a DELETE has taken it over (or it is gone). */
    private void update(String key, UnaryOperator<ClusterRecord> change) {
        try {
            store.updateCluster(
                    key, r -> DELETING.equals(r.provisioningState()) ? r : change.apply(r));
        } catch (NoSuchElementException e) {
            LOG.debug("Cluster {} is gone; nothing to update", key);
        }
    }

    private void endOperation(String operationId, String status, String error) {
        if (operationId == null) {
            return;
        }
        Optional<OperationRecord> operation = store.findOperation(operationId);
        if (operation.isEmpty()) {
            LOG.warn("Operation {} is not recorded; cannot end it as {}", operationId, status);
            return;
        }
        if (ClusterOperation.IN_PROGRESS.equals(operation.get().status())) {
            store.updateOperation(ClusterOperation.ended(operation.get(), status, error));
        }
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

    private static void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Flink", e);
        }
    }
}
