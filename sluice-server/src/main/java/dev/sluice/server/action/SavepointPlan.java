package dev.sluice.server.action;

/** SAVEPOINT: a savepoint of the running job, which keeps running. */
final class SavepointPlan implements ActionPlan {

    private final TakeSavepoint takeSavepoint;

    SavepointPlan(TakeSavepoint takeSavepoint) {
        this.takeSavepoint = takeSavepoint;
    }

    @Override
    public Outcome run(ActionRun run) {
        ActionRun taken = takeSavepoint.run(run);
        return new Outcome(
                taken.job().run().status(),
                "Savepoint completed. Path: " + taken.progress().savepointPath());
    }
}
