package dev.sluice.server.action;

/**
 * DELETE: the launcher removes what the job has besides its record (an Application-mode cluster);
 * the engine then deletes the record. Savepoints stay.
 */
final class DeletePlan implements ActionPlan {

    @Override
    public Outcome run(ActionRun run) {
        String deleted = run.launcher().delete(run);
        return new Outcome(
                run.job().run().status(),
                deleted + "; its savepoints stay in " + run.savepointDirectory());
    }
}
