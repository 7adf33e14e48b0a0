package dev.sluice.server.action;

import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.savepoint.SavepointEntry;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what one action's steps did through to the database at once, so the persisted rows always
 * say how far the action got, and remembers the last state written: an action that fails ends from
 * that state, which the exception that ended it cannot carry. Every write checks the action's lease
 * fence in its transaction: a server that lost the action can no longer write anything of it
 * ({@link dev.sluice.server.store.StaleLeaseException}).
 */
final class ActionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRecorder.class);

    private final JobStore jobs;
    private final ActionStore actions;
    private final ActionProgressListener listener;
    private final Leases leases;
    private final Lease lease;
    private final SavepointHistory history;
    private final AlertOutbox alerts;
    private volatile ActionRun latest;

    ActionRecorder(
            JobStore jobs,
            ActionStore actions,
            ActionProgressListener listener,
            Leases leases,
            Lease lease,
            SavepointHistory history,
            AlertOutbox alerts) {
        this.jobs = jobs;
        this.actions = actions;
        this.listener = listener;
        this.leases = leases;
        this.lease = lease;
        this.history = history;
        this.alerts = alerts;
    }

    /** Persists the action's new progress, then tells the listener. */
    ActionRun record(ActionRun run, JobAction changed) {
        ActionRun next = remember(run.withAction(fenced(() -> actions.update(changed))));
        listener.stepRecorded(next.action());
        return next;
    }

    /** Persists a change of the job (row-locked, so the observer's writes are not lost). */
    ActionRun updateJob(ActionRun run, UnaryOperator<Job> change) {
        return remember(run.withJob(fenced(() -> jobs.update(run.job().id(), change))));
    }

    /** Runs {@code write} in a transaction that first checks this action's lease fence. */
    <T> T fenced(Supplier<T> write) {
        return leases.fenced(lease, write);
    }

    /**
     * Runs an action's ending writes in one fenced transaction.
     *
     * @return false when another server took the action over: it ends it, not this one
     */
    boolean end(JobAction action, Runnable writes) {
        try {
            fenced(
                    () -> {
                        writes.run();
                        return null;
                    });
            return true;
        } catch (StaleLeaseException e) {
            lost(action, e);
            return false;
        }
    }

    /** Logs that the action continues on the server that took it over. */
    static void lost(JobAction action, StaleLeaseException e) {
        LOG.warn(
                "{} of job {} continues on another server: {}",
                action.type(),
                action.jobName(),
                e.getMessage());
    }

    /**
     * Records a savepoint the action took, in one transaction: the job's last savepoint, the
     * action's step with the path, and the savepoint in the job's history.
     */
    ActionRun savepointTaken(
            ActionRun run, Step step, String path, SavepointEntry entry, SavepointKind kind) {
        ActionRun next =
                fenced(
                        () -> {
                            Job job = jobs.update(run.job().id(), j -> j.withLastSavepoint(path));
                            JobAction action =
                                    actions.update(
                                            run.action()
                                                    .withSavepointPath(path)
                                                    .withStep(step.stored()));
                            history.record(
                                    job.id(),
                                    job.clusterId(),
                                    job.name(),
                                    entry,
                                    kind,
                                    action.id());
                            return run.withJob(job).withAction(action);
                        });
        remember(next);
        listener.stepRecorded(next.action());
        return next;
    }

    /**
     * Records {@code step} and adds the alert of the job's rollback in one transaction, so a
     * resumed action neither loses the alert nor sends it twice.
     */
    ActionRun rolledBack(ActionRun run, Step step, String alert, Map<String, String> data) {
        ActionRun next =
                fenced(
                        () -> {
                            JobAction action = actions.update(run.action().withStep(step.stored()));
                            alerts.add(run.job(), alert, data);
                            return run.withAction(action);
                        });
        remember(next);
        listener.stepRecorded(next.action());
        return next;
    }

    /** Remembers the newest state of the action; every new {@link ActionRun} passes through. */
    ActionRun remember(ActionRun run) {
        latest = run;
        return run;
    }

    /** The last state of the action its steps produced. */
    ActionRun latest() {
        return latest;
    }
}
