package dev.sluice.server.action;

import dev.sluice.server.job.JobStatus;

/** STOP: stop with a savepoint, then wait until the Flink job ended. */
final class StopPlan implements ActionPlan {

    private final TakeSavepoint stopWithSavepoint;
    private final AwaitEnded awaitEnded;

    StopPlan(TakeSavepoint stopWithSavepoint, AwaitEnded awaitEnded) {
        this.stopWithSavepoint = stopWithSavepoint;
        this.awaitEnded = awaitEnded;
    }

    @Override
    public Outcome run(ActionRun run) {
        ActionRun stopped = stopWithSavepoint.run(run);
        awaitEnded.run(stopped);
        return new Outcome(
                JobStatus.STOPPED,
                "Savepoint completed. Path: " + stopped.progress().savepointPath());
    }
}
