package dev.sluice.server.action;

/**
 * UPDATE: stop the live job with a savepoint (or, when none runs, choose the savepoint as START
 * does), then submit a run from it with the new arguments.
 */
final class UpdatePlan implements ActionPlan {

    private final FlinkCalls calls;
    private final TakeSavepoint stopWithSavepoint;
    private final AwaitEnded awaitEnded;
    private final ChooseRestorePoint choose;
    private final Submit submit;

    UpdatePlan(
            FlinkCalls calls,
            TakeSavepoint stopWithSavepoint,
            AwaitEnded awaitEnded,
            ChooseRestorePoint choose,
            Submit submit) {
        this.calls = calls;
        this.stopWithSavepoint = stopWithSavepoint;
        this.awaitEnded = awaitEnded;
        this.choose = choose;
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        if (run.progress().savepointPath() == null) {
            if (run.progress().triggerId() != null || isLive(run)) {
                run = stopWithSavepoint.run(run);
                awaitEnded.run(run);
            } else {
                run = choose.savepoint(run);
            }
        }
        String savepoint = run.progress().savepointPath();
        return Outcome.running(
                submit.restart(run, savepoint), "Job updated from savepoint " + savepoint);
    }

    /** True when the job's current Flink job exists and has not ended. */
    private boolean isLive(ActionRun run) {
        String flinkJobId = run.job().run().flinkJobId();
        return flinkJobId != null
                && calls.stateOf(run, flinkJobId).map(s -> !s.isGloballyTerminal()).orElse(false);
    }
}
