package dev.sluice.server.action;

import static dev.sluice.server.job.ActionResult.FAILED;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.ActionProperties;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.ActionSubmitted;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.lifecycle.ApplicationClusters;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.LeaseProperties;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Executes persisted actions: new ones after their request committed, unfinished ones when the
 * server starts. An action only ends (SUCCESS or FAILED) here; a server that stops mid-action
 * leaves it IN_PROGRESS with its recorded steps, and the next server resumes it. Servers sharing a
 * database claim each action through its lease ({@link ActionClaims}): one executes it, and one
 * that dies or stalls loses it to another, whose writes its fence then refuses.
 */
@Component
class ActionEngine implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEngine.class);

    private final JobStore jobs;
    private final ActionStore actions;
    private final ClusterRegistry clusters;
    private final Leases leases;
    private final ActionClaims claims;
    private final ActionPlans plans;
    private final JobLaunchers launchers;
    private final ActionProgressListener listener;
    private final SavepointHistory savepoints;
    private final AlertOutbox alerts;
    private final ExecutorService executor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean active;

    ActionEngine(
            JobStore jobs,
            ActionStore actions,
            ClusterRegistry clusters,
            Leases leases,
            LeaseProperties leaseProperties,
            ActionProperties properties,
            ApplicationClusters applications,
            ObjectProvider<ActionProgressListener> listener,
            SavepointHistory savepoints,
            AlertOutbox alerts) {
        this.jobs = jobs;
        this.alerts = alerts;
        this.savepoints = savepoints;
        this.actions = actions;
        this.clusters = clusters;
        this.leases = leases;
        this.claims = new ActionClaims(leases, leaseProperties.renewEvery());
        FlinkCalls calls = new FlinkCalls(properties);
        this.plans = new ActionPlans(calls, savepoints);
        this.launchers =
                new JobLaunchers(
                        clusters,
                        new SessionLauncher(calls, clusters::flinkConfiguration),
                        new ApplicationLauncher(applications, clusters));
        this.listener = listener.getIfAvailable(() -> action -> {});
        this.executor =
                Executors.newFixedThreadPool(
                        properties.threads(), DaemonThreads.numbered("sluice-action"));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onSubmitted(ActionSubmitted event) {
        submit(event.actionId());
    }

    /** Resumes every action a previous server left IN_PROGRESS. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (JobAction action : actions.listInProgress()) {
            LOG.info(
                    "Resuming {} of job {} (operation {}, last step {})",
                    action.type(),
                    action.jobName(),
                    action.id(),
                    action.progress().step());
            submit(action.id());
        }
        // From now on also the actions of servers that died (their leases expire) or stopped.
        claims.start(this::adoptOrphans);
    }

    private void adoptOrphans() {
        for (JobAction action : actions.listInProgress()) {
            if (!running.contains(action.id())) {
                submit(action.id());
            }
        }
    }

    void submit(String actionId) {
        if (active && running.add(actionId)) {
            executor.execute(
                    () -> {
                        try {
                            claims.claim(actionId).ifPresent(lease -> execute(actionId, lease));
                        } catch (RuntimeException e) {
                            LOG.warn("Claiming action {} failed: {}", actionId, e.toString());
                        } finally {
                            // Not on an interrupted thread: H2 closes its file on an interrupt.
                            boolean interrupted = Thread.interrupted();
                            claims.release(actionId);
                            running.remove(actionId);
                            if (interrupted) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
        }
    }

    /** Runs the action under its lease; read after the claim, so the previous owner's last step. */
    private void execute(String actionId, Lease lease) {
        Optional<JobAction> found = actions.find(actionId);
        if (found.isEmpty() || found.get().outcome().result() != ActionResult.IN_PROGRESS) {
            return;
        }
        JobAction action = found.get();
        Optional<Job> job = jobs.findById(action.jobId());
        ActionRecorder recorder =
                new ActionRecorder(jobs, actions, listener, leases, lease, savepoints, alerts);
        if (job.isEmpty()) {
            String gone = "The job no longer exists";
            recorder.end(
                    action,
                    () -> actions.update(action.ended(FAILED, gone, gone, null, Instant.now())));
            return;
        }
        ActionRun run;
        try {
            Optional<ClusterRecord> located = clusters.findOptional(action.clusterId());
            if (located.isEmpty() && action.type() == JobActionType.DELETE) {
                // The DELETE of an Application-mode job deleted its cluster, then the server
                // stopped before the action ended: only the job's record is left to remove.
                succeed(
                        recorder,
                        action,
                        job.get(),
                        "Job and its Application-mode cluster deleted");
                return;
            }
            ClusterRecord cluster =
                    located.orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "Cluster " + action.clusterId() + " no longer exists"));
            FlinkClient flink = clusters.client(cluster);
            StorageRoots roots = clusters.roots(cluster);
            // Session or Application mode is chosen here, once: no step asks again.
            JobLauncher launcher = launchers.forCluster(cluster);
            run = ActionRun.start(recorder, launcher, action, job.get(), cluster, flink, roots);
        } catch (RuntimeException e) {
            fail(recorder, action, job.get(), null, e.getMessage(), e.getMessage());
            return;
        }
        // Steps return each new state of the action; a failure ends it from the last one recorded.
        try {
            Outcome outcome = plans.of(action.type()).run(run);
            succeed(recorder.latest(), outcome);
        } catch (StaleLeaseException e) {
            ActionRecorder.lost(action, e);
        } catch (EngineStopping e) {
            LOG.info(
                    "Server stopping: {} of job {} stays IN_PROGRESS at step {}",
                    action.type(),
                    action.jobName(),
                    recorder.latest().action().progress().step());
        } catch (ActionFailure e) {
            ActionRun last = recorder.latest();
            fail(recorder, last.action(), last.job(), last, e.getMessage(), e.detail());
        } catch (ApiException e) {
            ActionRun last = recorder.latest();
            fail(
                    recorder,
                    last.action(),
                    last.job(),
                    last,
                    e.getMessage(),
                    e.code() + ": " + e.getMessage());
        } catch (FlinkRequestException e) {
            ActionRun last = recorder.latest();
            fail(
                    recorder,
                    last.action(),
                    last.job(),
                    last,
                    "Flink refused: " + e.getMessage(),
                    e.fullText());
        } catch (FlinkUnavailableException e) {
            ActionRun last = recorder.latest();
            fail(
                    recorder,
                    last.action(),
                    last.job(),
                    last,
                    "Cluster '" + last.cluster().name() + "' did not answer: " + e.getMessage(),
                    e.getMessage());
        } catch (RuntimeException e) {
            if (!active) {
                LOG.info(
                        "Server stopping: {} of job {} stays IN_PROGRESS ({})",
                        action.type(),
                        action.jobName(),
                        e.toString());
                return;
            }
            LOG.error(
                    "Action {} of job {} failed unexpectedly", action.type(), action.jobName(), e);
            ActionRun last = recorder.latest();
            fail(recorder, last.action(), last.job(), last, "Unexpected error: " + e, e.toString());
        }
    }

    private void succeed(ActionRun run, Outcome outcome) {
        JobAction action = run.action();
        Instant now = Instant.now();
        if (action.type() == JobActionType.DELETE) {
            succeed(run.recorder(), action, run.job(), outcome.output());
            return;
        }
        ActionRecorder recorder = run.recorder();
        boolean written =
                recorder.end(
                        action,
                        () -> {
                            jobs.update(
                                    run.job().id(),
                                    job ->
                                            job.withStatus(outcome.status(), null)
                                                    .withActionEnded(
                                                            ActionResult.SUCCESS,
                                                            outcome.output()));
                            actions.update(
                                    action.ended(
                                            ActionResult.SUCCESS,
                                            outcome.output(),
                                            null,
                                            null,
                                            now));
                        });
        if (written) {
            LOG.info(
                    "{} of job {} succeeded: {}",
                    action.type(),
                    action.jobName(),
                    outcome.output());
        }
    }

    /** A DELETE that succeeded: the job's record goes, its actions stay as history. */
    private void succeed(ActionRecorder recorder, JobAction action, Job job, String output) {
        boolean written =
                recorder.end(
                        action,
                        () -> {
                            jobs.delete(job.id());
                            actions.update(
                                    action.ended(
                                            ActionResult.SUCCESS,
                                            output,
                                            null,
                                            null,
                                            Instant.now()));
                        });
        if (written) {
            LOG.info("{} of job {} succeeded: {}", action.type(), action.jobName(), output);
        }
    }

    /** Ends an action as FAILED, leaving the job's status as Flink reports it. */
    private void fail(
            ActionRecorder recorder,
            JobAction action,
            Job job,
            ActionRun run,
            String message,
            String detail) {
        JobStatus truth = run == null ? null : truthfulStatus(run);
        String output = action.type() + " failed: " + message;
        boolean written =
                recorder.end(
                        action,
                        () -> {
                            jobs.update(
                                    job.id(),
                                    current -> {
                                        Job updated =
                                                truth == null
                                                        ? current
                                                        : current.withStatus(
                                                                truth,
                                                                truth == JobStatus.FAILED
                                                                        ? message
                                                                        : current.run()
                                                                                .statusReason());
                                        return updated.withActionEnded(ActionResult.FAILED, output);
                                    });
                            actions.update(
                                    action.ended(
                                            ActionResult.FAILED,
                                            output,
                                            detail,
                                            null,
                                            Instant.now()));
                        });
        if (written) {
            LOG.warn("{} of job {} failed: {}", action.type(), action.jobName(), message);
        }
    }

    /** The job's status per Flink after a failed action, or null to keep the recorded one. */
    private JobStatus truthfulStatus(ActionRun run) {
        Job job = run.job();
        if (job.run().flinkJobId() == null || !run.launcher().hasProcesses(run)) {
            return null;
        }
        try {
            // The live overview, not GET /jobs/:jobid: that one may still show a picture cached
            // before the failure.
            String flinkJobId = job.run().flinkJobId();
            JobStatus status =
                    run.flink().jobsOverview().stream()
                            .filter(j -> flinkJobId.equals(j.jobId()))
                            .findFirst()
                            .map(j -> JobStatus.fromFlink(j.state()))
                            .orElse(null);
            if (status == null) {
                return null;
            }
            // A job Sluice stopped with a savepoint is STOPPED, not merely FINISHED: also when
            // this action's own stop-with-savepoint worked and a later step (the new run) failed,
            // so START can still restore it from that savepoint.
            boolean stoppedByThisAction =
                    run.action().progress().savepointPath() != null
                            && (run.action().type() == JobActionType.STOP
                                    || run.action().type() == JobActionType.UPDATE);
            return status == JobStatus.FINISHED
                            && (job.run().status() == JobStatus.STOPPED || stoppedByThisAction)
                    ? JobStatus.STOPPED
                    : status;
        } catch (FlinkRequestException e) {
            return null;
        } catch (FlinkUnavailableException e) {
            return JobStatus.UNKNOWN;
        }
    }

    @Override
    public void start() {
        active = true;
    }

    @Override
    public void stop() {
        active = false;
        executor.shutdownNow();
        // Handed back at once, not at expiry: another server resumes them from the recorded step.
        claims.stop();
    }

    @Override
    public boolean isRunning() {
        return active;
    }
}
