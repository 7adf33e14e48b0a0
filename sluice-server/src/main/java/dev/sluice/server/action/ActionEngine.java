package dev.sluice.server.action;

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
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.lifecycle.ApplicationClusters;
import dev.sluice.server.storage.StorageRoots;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes persisted actions: new ones after their request committed, unfinished ones when the
 * server starts. An action only ends (SUCCESS or FAILED) here; a server that stops mid-action
 * leaves it IN_PROGRESS with its recorded steps, and the next server resumes it.
 */
@Component
class ActionEngine implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEngine.class);

    private final JobStore jobs;
    private final ActionStore actions;
    private final ClusterRegistry clusters;
    private final TransactionTemplate tx;
    private final ActionPlans plans;
    private final JobLaunchers launchers;
    private final ActionProgressListener listener;
    private final ExecutorService executor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean active;

    ActionEngine(
            JobStore jobs,
            ActionStore actions,
            ClusterRegistry clusters,
            TransactionTemplate tx,
            ActionProperties properties,
            ApplicationClusters applications,
            ObjectProvider<ActionProgressListener> listener) {
        this.jobs = jobs;
        this.actions = actions;
        this.clusters = clusters;
        this.tx = tx;
        FlinkCalls calls = new FlinkCalls(properties);
        this.plans = new ActionPlans(calls);
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
    }

    void submit(String actionId) {
        if (active && running.add(actionId)) {
            executor.execute(
                    () -> {
                        try {
                            execute(actionId);
                        } finally {
                            running.remove(actionId);
                        }
                    });
        }
    }

    private void execute(String actionId) {
        Optional<JobAction> found = actions.find(actionId);
        if (found.isEmpty() || found.get().outcome().result() != ActionResult.IN_PROGRESS) {
            return;
        }
        JobAction action = found.get();
        Optional<Job> job = jobs.findById(action.jobId());
        if (job.isEmpty()) {
            actions.update(
                    action.ended(
                            ActionResult.FAILED,
                            "The job no longer exists",
                            "The job no longer exists",
                            null,
                            Instant.now()));
            return;
        }
        ActionRun run;
        try {
            Optional<ClusterRecord> located = clusters.findOptional(action.clusterId());
            if (located.isEmpty() && action.type() == JobActionType.DELETE) {
                // The DELETE of an Application-mode job deleted its cluster, then the server
                // stopped before the action ended: only the job's record is left to remove.
                succeed(action, job.get(), "Job and its Application-mode cluster deleted");
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
            ActionRecorder recorder = new ActionRecorder(jobs, actions, listener);
            run = ActionRun.start(recorder, launcher, action, job.get(), cluster, flink, roots);
        } catch (RuntimeException e) {
            fail(action, job.get(), null, e.getMessage(), e.getMessage());
            return;
        }
        // Steps return each new state of the action; a failure ends it from the last one recorded.
        ActionRecorder recorder = run.recorder();
        try {
            Outcome outcome = plans.of(action.type()).run(run);
            succeed(recorder.latest(), outcome);
        } catch (EngineStopping e) {
            LOG.info(
                    "Server stopping: {} of job {} stays IN_PROGRESS at step {}",
                    action.type(),
                    action.jobName(),
                    recorder.latest().action().progress().step());
        } catch (ActionFailure e) {
            ActionRun last = recorder.latest();
            fail(last.action(), last.job(), last, e.getMessage(), e.detail());
        } catch (ApiException e) {
            ActionRun last = recorder.latest();
            fail(last.action(), last.job(), last, e.getMessage(), e.code() + ": " + e.getMessage());
        } catch (FlinkRequestException e) {
            ActionRun last = recorder.latest();
            fail(last.action(), last.job(), last, "Flink refused: " + e.getMessage(), e.fullText());
        } catch (FlinkUnavailableException e) {
            ActionRun last = recorder.latest();
            fail(
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
            fail(last.action(), last.job(), last, "Unexpected error: " + e, e.toString());
        }
    }

    private void succeed(ActionRun run, Outcome outcome) {
        JobAction action = run.action();
        Instant now = Instant.now();
        if (action.type() == JobActionType.DELETE) {
            succeed(action, run.job(), outcome.output());
            return;
        }
        tx.executeWithoutResult(
                status -> {
                    jobs.update(
                            run.job().id(),
                            job ->
                                    job.withStatus(outcome.status(), null)
                                            .withActionEnded(
                                                    ActionResult.SUCCESS, outcome.output()));
                    actions.update(
                            action.ended(ActionResult.SUCCESS, outcome.output(), null, null, now));
                });
        LOG.info("{} of job {} succeeded: {}", action.type(), action.jobName(), outcome.output());
    }

    /** A DELETE that succeeded: the job's record goes, its actions stay as history. */
    private void succeed(JobAction action, Job job, String output) {
        tx.executeWithoutResult(
                status -> {
                    jobs.delete(job.id());
                    actions.update(
                            action.ended(ActionResult.SUCCESS, output, null, null, Instant.now()));
                });
        LOG.info("{} of job {} succeeded: {}", action.type(), action.jobName(), output);
    }

    /** Ends an action as FAILED, leaving the job's status as Flink reports it. */
    private void fail(JobAction action, Job job, ActionRun run, String message, String detail) {
        JobStatus truth = run == null ? null : truthfulStatus(run);
        String output = action.type() + " failed: " + message;
        tx.executeWithoutResult(
                status -> {
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
                                                                : current.run().statusReason());
                                return updated.withActionEnded(ActionResult.FAILED, output);
                            });
                    actions.update(
                            action.ended(ActionResult.FAILED, output, detail, null, Instant.now()));
                });
        LOG.warn("{} of job {} failed: {}", action.type(), action.jobName(), message);
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
    }

    @Override
    public boolean isRunning() {
        return active;
    }
}
