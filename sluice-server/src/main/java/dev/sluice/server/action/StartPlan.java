package dev.sluice.server.action;

/** START: choose the savepoint (named, else the last one), then submit a run from it. */
final class StartPlan implements ActionPlan {

    private final ChooseRestorePoint choose;
    private final Submit submit;

    StartPlan(ChooseRestorePoint choose, Submit submit) {
        this.choose = choose;
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        ActionRun chosen = choose.savepoint(run);
        String savepoint = chosen.progress().savepointPath();
        return Outcome.running(
                submit.restart(chosen, savepoint), "Job started from savepoint " + savepoint);
    }
}
