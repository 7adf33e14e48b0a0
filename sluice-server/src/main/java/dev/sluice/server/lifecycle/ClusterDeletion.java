package dev.sluice.server.lifecycle;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceLock;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cluster DELETE. Without running jobs it deletes at once; with some, it first asks a STOP with a
 * savepoint of each (actions of the engine, kept in each job's history, their savepoints kept), and
 * deletes only once every STOP succeeded, under the same operation. A STOP that fails fails the
 * delete: the cluster and its jobs stay. Which STOPs belong to a delete is in each action's
 * parameters, so a restarted server settles the operation from the records alone.
 */
@Component
class ClusterDeletion implements DisposableBean {

    /** The action parameter naming the delete operation a STOP was asked for. */
    static final String OPERATION = "sluice.cluster-delete.operation";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDeletion.class);
    private static final long SETTLE_EVERY_MS = 250;

    private final ResourceStore store;
    private final JobStore jobs;
    private final ActionStore actions;
    private final JobService jobService;
    private final ClusterProvisioner provisioner;
    private final TransactionTemplate transaction;
    private final ResourceLock lock;
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService settler =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("sluice-cluster-delete"));

    ClusterDeletion(
            ResourceStore store,
            JobStore jobs,
            ActionStore actions,
            JobService jobService,
            ClusterProvisioner provisioner,
            TransactionTemplate transaction,
            ResourceLock lock) {
        this.store = store;
        this.jobs = jobs;
        this.actions = actions;
        this.jobService = jobService;
        this.provisioner = provisioner;
        this.transaction = transaction;
        this.lock = lock;
    }

    /**
     * Settles the deletes an earlier server left stopping jobs, then keeps settling the ones under
     * way, so a delete ends whether or not its client polls.
     */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        settler.execute(
                () ->
                        store.listAllClusters()
                                .forEach(
                                        c ->
                                                store
                                                        .listOperations(
                                                                c.id(),
                                                                ClusterOperation.DELETE.kind())
                                                        .stream()
                                                        .filter(ClusterDeletion::inProgress)
                                                        .forEach(op -> draining.add(op.id()))));
        settler.scheduleWithFixedDelay(
                this::settleDraining, SETTLE_EVERY_MS, SETTLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts deleting {@code cluster}; the caller holds the resource lock.
     *
     * @throws ApiException 409 ClusterHasRunningJobs when a job is busy with an action or runs in a
     *     status that a savepoint cannot stop
     */
    OperationRecord start(ClusterRecord cluster, String principal) {
        List<Job> clusterJobs = jobs.listByCluster(cluster.id());
        List<Job> running = running(cluster, clusterJobs);
        List<String> unstoppable =
                clusterJobs.stream()
                        .filter(j -> unstoppable(cluster, running, j))
                        .map(j -> j.name() + " (" + describe(j) + ")")
                        .toList();
        if (!unstoppable.isEmpty()) {
            throw ApiException.conflict(
                    "ClusterHasRunningJobs",
                    "Cluster '"
                            + cluster.name()
                            + "' has jobs that a savepoint cannot stop now: "
                            + unstoppable
                            + "; delete it once their actions ended, or STOP or CANCEL them"
                            + " first (savepoint files always stay)");
        }
        OperationRecord operation = ClusterOperation.DELETE.start(cluster.id());
        if (running.isEmpty()) {
            deleteNow(cluster, operation, true);
            return operation;
        }
        store.insertOperation(operation);
        draining.add(operation.id());
        for (Job job : running) {
            try {
                jobService.requestAction(
                        job.id(), JobActionType.STOP, principal, Map.of(OPERATION, operation.id()));
            } catch (ApiException e) {
                // Raced with a runJob: the STOPs already asked go on, the cluster stays.
                end(operation, "Job '" + job.name() + "' could not be stopped: " + e.getMessage());
                throw e;
            }
        }
        LOG.info(
                "Deleting cluster {}: stopping {} job(s) with a savepoint first",
                cluster.name(),
                running.size());
        return operation;
    }

    /**
     * A delete's operation as its STOPs say: in progress while one runs, Failed when one failed,
     * and once all succeeded, the delete itself (which the provisioner ends). Any other operation
     * as it is.
     */
    OperationRecord settle(OperationRecord operation) {
        if (!ClusterOperation.isDelete(operation) || !inProgress(operation)) {
            return operation;
        }
        synchronized (lock) {
            OperationRecord current = store.findOperation(operation.id()).orElse(operation);
            Optional<ClusterRecord> cluster = store.findCluster(current.resourceId());
            if (!inProgress(current)
                    || cluster.isEmpty()
                    || ClusterProvisioner.DELETING.equals(cluster.get().provisioningState())) {
                // Ended, or past the STOPs: the provisioner's to finish.
                draining.remove(current.id());
                return current;
            }
            List<Job> clusterJobs = jobs.listByCluster(cluster.get().id());
            List<JobAction> stops =
                    clusterJobs.stream()
                            .flatMap(j -> actions.listForJob(j.id(), 20).stream())
                            .filter(a -> current.id().equals(a.parameters().get(OPERATION)))
                            .toList();
            if (stops.stream().anyMatch(a -> a.outcome().result() == ActionResult.IN_PROGRESS)) {
                return current;
            }
            Optional<JobAction> failed =
                    stops.stream()
                            .filter(a -> a.outcome().result() != ActionResult.SUCCESS)
                            .findFirst();
            if (failed.isPresent()) {
                return end(
                        current,
                        "Job '"
                                + failed.get().jobName()
                                + "' could not be stopped with a savepoint, so cluster '"
                                + cluster.get().name()
                                + "' was not deleted; it and its jobs stay. "
                                + failureOf(failed.get()));
            }
            List<Job> again = running(cluster.get(), clusterJobs);
            List<String> busy =
                    clusterJobs.stream()
                            .filter(j -> j.lastAction().activeId() != null || again.contains(j))
                            .map(Job::name)
                            .toList();
            if (!busy.isEmpty()) {
                return end(
                        current,
                        "Jobs "
                                + busy
                                + " were started while cluster '"
                                + cluster.get().name()
                                + "' was being deleted; it was not deleted, delete it again");
            }
            deleteNow(cluster.get(), current, false);
            draining.remove(current.id());
            return current;
        }
    }

    @Override
    public void destroy() {
        settler.shutdownNow();
    }

    private void settleDraining() {
        for (String id : draining) {
            try {
                store.findOperation(id).ifPresentOrElse(this::settle, () -> draining.remove(id));
            } catch (RuntimeException e) {
                LOG.warn("Settling cluster delete {} failed; trying again: {}", id, e.toString());
            }
        }
    }

    /** Removes the jobs' records, marks the cluster Deleting and hands it to the provisioner. */
    private void deleteNow(ClusterRecord cluster, OperationRecord operation, boolean insert) {
        List<Job> clusterJobs = jobs.listByCluster(cluster.id());
        transaction.executeWithoutResult(
                status -> {
                    clusterJobs.forEach(j -> jobs.delete(j.id()));
                    store.updateCluster(
                            cluster.id(),
                            r ->
                                    ClusterService.withOperation(r, operation.id())
                                            .withState(
                                                    ClusterProvisioner.DELETING,
                                                    ClusterProvisioner.STOPPING,
                                                    null,
                                                    r.restUrl()));
                    if (insert) {
                        store.insertOperation(operation);
                    }
                });
        provisioner.delete(cluster.id(), operation.id());
    }

    private OperationRecord end(OperationRecord operation, String error) {
        OperationRecord ended = ClusterOperation.ended(operation, ClusterOperation.FAILED, error);
        store.updateOperation(ended);
        draining.remove(operation.id());
        LOG.warn("Deleting cluster {} failed: {}", operation.resourceId(), error);
        return ended;
    }

    /**
     * The jobs a delete must stop first. An Application-mode cluster that is not provisioned has
     * not run its job yet (or lost it).
     */
    private static List<Job> running(ClusterRecord cluster, List<Job> clusterJobs) {
        boolean undeployed =
                ClusterService.application(cluster)
                        && !ClusterProvisioner.SUCCEEDED.equals(cluster.provisioningState());
        return undeployed
                ? List.of()
                : clusterJobs.stream().filter(j -> j.run().status().isLive()).toList();
    }

    /**
     * A job busy with an action, or running where a savepoint cannot stop it (INITIALIZING,
     * RESTARTING, UNKNOWN, or on a cluster that is not Succeeded).
     */
    private static boolean unstoppable(ClusterRecord cluster, List<Job> running, Job job) {
        boolean stoppable =
                job.run().status() == JobStatus.RUNNING
                        && ClusterProvisioner.SUCCEEDED.equals(cluster.provisioningState());
        return job.lastAction().activeId() != null || (running.contains(job) && !stoppable);
    }

    private static String describe(Job job) {
        return job.lastAction().activeId() != null
                ? "busy with " + job.lastAction().type()
                : job.run().status().name();
    }

    private static String failureOf(JobAction action) {
        String output = action.outcome().output();
        String failure = action.outcome().failure();
        if (failure == null || failure.equals(output)) {
            return output == null ? action.outcome().result().name() : output;
        }
        return output == null ? failure : output + " (" + failure + ")";
    }

    private static boolean inProgress(OperationRecord operation) {
        return ClusterOperation.IN_PROGRESS.equals(operation.status());
    }
}
