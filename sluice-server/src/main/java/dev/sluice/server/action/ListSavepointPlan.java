package dev.sluice.server.action;

import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.storage.StorageLocation;

/** LIST_SAVEPOINT: the savepoints in the job's savepoint directory, as jobOutput. */
final class ListSavepointPlan implements ActionPlan {

    @Override
    public Outcome run(ActionRun run) {
        StorageLocation directory = run.savepointDirectory();
        return new Outcome(
                run.job().run().status(),
                SavepointCatalog.format(
                        directory, SavepointCatalog.list(run.roots().storage(), directory)));
    }
}
