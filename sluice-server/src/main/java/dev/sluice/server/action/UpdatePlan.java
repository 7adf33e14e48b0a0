package dev.sluice.server.action;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.job.UpdateRollback;
import java.time.Instant;

/**
 * UPDATE: stop the live job with a savepoint (or, when none runs, choose the savepoint as START
 * does), then submit a run from it with the new arguments. With {@code sluice.update.rollback}, the
 * job's previous spec (and an Application-mode cluster's definition) is recorded first, and a new
 * version that does not run with every task for the rollback timeout is replaced by the previous
 * one ({@link Rollback}).
 */
final class UpdatePlan implements ActionPlan {

    private final FlinkCalls calls;
    private final TakeSavepoint stopWithSavepoint;
    private final AwaitEnded awaitEnded;
    private final ChooseRestorePoint choose;
    private final Submit submit;
    private final Rollback rollback;

    UpdatePlan(
            FlinkCalls calls,
            TakeSavepoint stopWithSavepoint,
            AwaitEnded awaitEnded,
            ChooseRestorePoint choose,
            Submit submit,
            Rollback rollback) {
        this.calls = calls;
        this.stopWithSavepoint = stopWithSavepoint;
        this.awaitEnded = awaitEnded;
        this.choose = choose;
        this.submit = submit;
        this.rollback = rollback;
    }

    @Override
    public Outcome run(ActionRun run) {
        UpdateRollback policy = UpdateRollback.of(run.job().spec());
        boolean rollsBack = policy.enabled() && run.launcher().rollsBack();
        if (rollsBack && run.progress().rollback().isEmpty()) {
            run = Rollback.keepPrevious(run);
        }
        if (Rollback.started(run)) {
            throw rollback.resume(run);
        }
        if (run.progress().savepointPath() == null) {
            if (run.progress().triggerId() != null || isLive(run)) {
                run = stopWithSavepoint.run(run);
                awaitEnded.run(run);
            } else {
                run = choose.savepoint(run);
            }
        }
        String savepoint = run.progress().savepointPath();
        String updated = "Job updated from savepoint " + savepoint;
        if (!rollsBack) {
            return Outcome.running(submit.restart(run, savepoint), updated);
        }
        try {
            ActionRun running = submit.restart(run, savepoint, policy.timeout());
            // The watch starts once every task runs: redeploying an Application-mode cluster can
            // take most of the timeout, and a job failing on its first record would go unseen. A
            // resumed action watches for a whole timeout again: the time before the crash is not
            // recorded, and a shorter watch would prove less.
            rollback.watch(running, Instant.now().plus(policy.timeout()));
            return Outcome.running(
                    running, updated + " (it ran " + policy.timeout() + " without failing)");
        } catch (ActionFailure | ApiException | FlinkRequestException e) {
            throw rollback.start(run.recorder().latest(), e.getMessage());
        }
    }

    /** True when the job's current Flink job exists and has not ended. */
    private boolean isLive(ActionRun run) {
        String flinkJobId = run.job().run().flinkJobId();
        return flinkJobId != null
                && calls.stateOf(run, flinkJobId).map(s -> !s.isGloballyTerminal()).orElse(false);
    }
}
