package dev.sluice.server.action;

import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.savepoint.SavepointEntry;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import java.util.function.UnaryOperator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what one action's steps did through to the database at once, so the persisted rows always
 * say how far the action got, and remembers the last state written: an action that fails ends from
 * that state, which the exception that ended it cannot carry.
 */
final class ActionRecorder {

    private final JobStore jobs;
    private final ActionStore actions;
    private final ActionProgressListener listener;
    private final SavepointHistory history;
    private final TransactionTemplate tx;
    private volatile ActionRun latest;

    ActionRecorder(
            JobStore jobs,
            ActionStore actions,
            ActionProgressListener listener,
            SavepointHistory history,
            TransactionTemplate tx) {
        this.jobs = jobs;
        this.actions = actions;
        this.listener = listener;
        this.history = history;
        this.tx = tx;
    }

    /** Persists the action's new progress, then tells the listener. */
    ActionRun record(ActionRun run, JobAction changed) {
        ActionRun next = remember(run.withAction(actions.update(changed)));
        listener.stepRecorded(next.action());
        return next;
    }

    /** Persists a change of the job (row-locked, so the observer's writes are not lost). */
    ActionRun updateJob(ActionRun run, UnaryOperator<Job> change) {
        return remember(run.withJob(jobs.update(run.job().id(), change)));
    }

    /**
     * Records a savepoint the action took, in one transaction: the job's last savepoint, the
     * action's step with the path, and the savepoint in the job's history.
     */
    ActionRun savepointTaken(
            ActionRun run, Step step, String path, SavepointEntry entry, SavepointKind kind) {
        ActionRun next =
                tx.execute(
                        status -> {
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
