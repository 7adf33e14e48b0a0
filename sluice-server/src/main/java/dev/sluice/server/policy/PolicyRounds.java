package dev.sluice.server.policy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.store.Leases;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the jobs' policies from their rows, so a restarted server carries on: asks for a SAVEPOINT
 * (principal {@value SavepointKind#PERIODIC_PRINCIPAL}) when a RUNNING job with no action in
 * progress is due, through {@link JobService} like any request, and disposes the savepoints
 * retention lets go (files removed through the storage port, the history says so; a failed disposal
 * is kept with its error and retried next round); and restarts the FAILED jobs that opted in
 * ({@link RestartSupervisor}).
 */
@Component
class PolicyRounds implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRounds.class);

    /** The alert of a savepoint retention disposed. */
    static final String SAVEPOINT_DISPOSED = "savepoint.disposed";

    /** The lease key of a cluster's observation (observe.ObservationClaims). */
    private static final String OBSERVATION = "observe:";

    private final Leases leases;
    private final ClusterRegistry clusters;
    private final JobStore jobs;
    private final ActionStore actions;
    private final JobService service;
    private final SavepointHistory history;
    private final PolicyProperties properties;
    private final RestartSupervisor restarts;
    private final AlertOutbox alerts;
    private final TransactionTemplate tx;
    private ScheduledExecutorService scheduler;

    PolicyRounds(
            ClusterRegistry clusters,
            JobStore jobs,
            ActionStore actions,
            JobService service,
            SavepointHistory history,
            PolicyProperties properties,
            AlertOutbox alerts,
            PlatformTransactionManager transactions,
            Leases leases) {
        this.clusters = clusters;
        this.leases = leases;
        this.jobs = jobs;
        this.actions = actions;
        this.service = service;
        this.history = history;
        this.properties = properties;
        this.alerts = alerts;
        this.tx = new TransactionTemplate(transactions);
        this.restarts = new RestartSupervisor(jobs, actions, service, alerts);
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void begin() {
        if (!properties.enabled() || scheduler != null) {
            return;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-policies"));
        long every = properties.tick().toMillis();
        scheduler.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        // An exception escaping a scheduled task silently cancels all its later runs.
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Savepoint policy round failed: {}", e.toString());
        }
    }

    /** One round over every job of every cluster. */
    void tick() {
        Instant now = Instant.now();
        for (ClusterRecord cluster : clusters.all()) {
            if (observedElsewhere(cluster)) {
                continue;
            }
            List<Job> followed = jobs.listByCluster(cluster.id());
            Map<Long, List<SavepointRecord>> histories =
                    history.listForJobs(followed.stream().map(Job::id).toList());
            for (Job job : followed) {
                try {
                    JobPolicy policy = JobPolicy.of(job);
                    List<SavepointRecord> known = histories.getOrDefault(job.id(), List.of());
                    periodic(job, policy, known, now);
                    retain(cluster, job, policy, known, now);
                    restarts.supervise(job, now);
                } catch (RuntimeException e) {
                    LOG.warn("Savepoint policies of job {}: {}", job.name(), e.toString());
                }
            }
        }
    }

    /**
     * Whether another server observes the cluster: its jobs' policies are that server's, so two
     * servers never dispose the same savepoint or ask the same periodic savepoint twice. A cluster
     * nobody observes yet is looked after here (the engine refuses a second conflicting action).
     */
    private boolean observedElsewhere(ClusterRecord cluster) {
        return leases.holder(OBSERVATION + cluster.id())
                .map(lease -> !lease.owner().equals(leases.owner()))
                .orElse(false);
    }

    private void periodic(Job job, JobPolicy policy, List<SavepointRecord> known, Instant now) {
        if (policy.savepointInterval() == null
                || job.run().status() != JobStatus.RUNNING
                || job.lastAction().activeId() != null) {
            return;
        }
        // Due an interval after the newest savepoint taken and the latest action asked for.
        Instant last =
                known.stream()
                        .filter(r -> r.kind() != SavepointKind.IMPORTED)
                        .map(SavepointRecord::time)
                        .findFirst()
                        .orElse(Instant.EPOCH);
        for (JobAction a : actions.listForJob(job.id(), 1)) {
            last = a.createdAt().isAfter(last) ? a.createdAt() : last;
        }
        if (now.isBefore(last.plus(policy.savepointInterval()))) {
            return;
        }
        try {
            JobAction asked =
                    service.requestAction(
                            job.id(), JobActionType.SAVEPOINT, SavepointKind.PERIODIC_PRINCIPAL);
            LOG.info("Job {}: periodic savepoint asked (operation {})", job.name(), asked.id());
        } catch (ApiException e) {
            // Another action started in the meantime, or the status changed: next round.
            LOG.debug("Job {}: periodic savepoint not now: {}", job.name(), e.getMessage());
        }
    }

    private void retain(
            ClusterRecord cluster,
            Job job,
            JobPolicy policy,
            List<SavepointRecord> known,
            Instant now) {
        if (known.isEmpty() || job.lastAction().activeId() != null) {
            // An action in progress may be choosing one of them.
            return;
        }
        StorageRoots roots = clusters.roots(cluster);
        Set<String> kept = new HashSet<>();
        addCanonical(roots, job.restorePoints().savepoint(), kept);
        if (job.run().id() != null) {
            actions.find(job.run().id())
                    .map(a -> a.progress().savepointPath())
                    .ifPresent(path -> addCanonical(roots, path, kept));
        }
        for (SavepointRecord r : policy.retention().toDispose(known, kept, now)) {
            try {
                roots.storage().delete(roots.resolve(r.uri(), "savepoint"));
                tx.executeWithoutResult(
                        status -> {
                            history.markDisposed(r.id(), Instant.now());
                            alerts.add(
                                    job,
                                    SAVEPOINT_DISPOSED,
                                    Map.of("savepoint", r.uri(), "kind", r.kind().stored()));
                        });
                LOG.info(
                        "Job {}: savepoint {} ({}) disposed",
                        job.name(),
                        r.uri(),
                        r.kind().stored());
            } catch (IOException | RuntimeException e) {
                history.markDisposeFailed(r.id(), e.toString());
                LOG.warn(
                        "Job {}: disposal of savepoint {} failed: {}",
                        job.name(),
                        r.uri(),
                        e.toString());
            }
        }
    }

    /** The canonical URI of a savepoint path as the history keeps it; a bad path adds nothing. */
    private static void addCanonical(StorageRoots roots, String path, Set<String> into) {
        if (path == null) {
            return;
        }
        try {
            into.add(roots.resolve(path, "savepoint").uri());
        } catch (RuntimeException e) {
            into.add(path);
        }
    }

    @Override
    public void start() {
        // Rounds begin once the application is ready (begin), after the engine resumed actions.
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
