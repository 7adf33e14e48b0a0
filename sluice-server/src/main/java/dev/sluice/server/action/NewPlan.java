package dev.sluice.server.action;

/** NEW: submit the job's first run. */
final class NewPlan implements ActionPlan {

    private final Submit submit;

    NewPlan(Submit submit) {
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        return Outcome.running(submit.run(run, null), "Job submitted");
    }
}
