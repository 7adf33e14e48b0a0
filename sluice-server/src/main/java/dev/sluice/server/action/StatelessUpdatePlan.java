package dev.sluice.server.action;

/** STATELESS_UPDATE: cancel the current run, then submit one without state. */
final class StatelessUpdatePlan implements ActionPlan {

    private final Cancel cancel;
    private final Submit submit;

    StatelessUpdatePlan(Cancel cancel, Submit submit) {
        this.cancel = cancel;
        this.submit = submit;
    }

    @Override
    public Outcome run(ActionRun run) {
        if (run.progress().flinkJobId() == null) {
            run = cancel.run(run);
        }
        return Outcome.running(submit.restart(run, null), "Job restarted without state");
    }
}
