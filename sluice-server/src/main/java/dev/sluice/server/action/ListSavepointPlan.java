package dev.sluice.server.action;

import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.storage.StorageLocation;

/**
 * LIST_SAVEPOINT: the job's savepoint history (how each was taken, disposed or not), then what else
 * its savepoint directory holds, as jobOutput.
 */
final class ListSavepointPlan implements ActionPlan {

    private final SavepointHistory history;

    ListSavepointPlan(SavepointHistory history) {
        this.history = history;
    }

    @Override
    public Outcome run(ActionRun run) {
        StorageLocation directory = run.savepointDirectory();
        return new Outcome(
                run.job().run().status(),
                SavepointCatalog.format(
                        directory,
                        history.listForJob(run.job().id()),
                        SavepointCatalog.list(run.roots().storage(), directory)));
    }
}
