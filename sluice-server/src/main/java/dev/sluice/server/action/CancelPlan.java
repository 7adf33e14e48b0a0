package dev.sluice.server.action;

import dev.sluice.server.job.JobStatus;

/** CANCEL: cancel the current run without a savepoint. */
final class CancelPlan implements ActionPlan {

    private final Cancel cancel;

    CancelPlan(Cancel cancel) {
        this.cancel = cancel;
    }

    @Override
    public Outcome run(ActionRun run) {
        cancel.run(run);
        return new Outcome(JobStatus.CANCELLED, "Job cancelled");
    }
}
