package dev.sluice.server.action;

/** LAST_STATE_UPDATE: cancel the current run, then submit one from its last checkpoint. */
final class LastStateUpdatePlan implements ActionPlan {

    private final Cancel cancel;
    private final ChooseRestorePoint choose;
    private final Submit submit;

    LastStateUpdatePlan(Cancel cancel, ChooseRestorePoint choose, Submit submit) {
        this.cancel = cancel;
        this.choose = choose;
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        if (run.progress().savepointPath() == null) {
            if (run.progress().flinkJobId() == null) {
                run = cancel.run(run);
            }
            run = choose.checkpoint(run);
        }
        String checkpoint = run.progress().savepointPath();
        return Outcome.running(
                submit.restart(run, checkpoint), "Job restored from checkpoint " + checkpoint);
    }
}
