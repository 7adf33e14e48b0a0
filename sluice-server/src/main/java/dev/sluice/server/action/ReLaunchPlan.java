package dev.sluice.server.action;

/** RE_LAUNCH: submit a run from the newest of the last checkpoint and the last savepoint. */
final class ReLaunchPlan implements ActionPlan {

    private final ChooseRestorePoint choose;
    private final Submit submit;

    ReLaunchPlan(ChooseRestorePoint choose, Submit submit) {
        this.choose = choose;
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        ActionRun chosen = choose.newest(run);
        String point = chosen.progress().savepointPath();
        return Outcome.running(submit.restart(chosen, point), "Job relaunched from " + point);
    }
}
