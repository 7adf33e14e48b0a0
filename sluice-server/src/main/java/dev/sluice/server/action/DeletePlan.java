package dev.sluice.server.action;

import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.savepoint.SavepointState;
import java.io.IOException;
import java.time.Instant;

/**
 * DELETE: the launcher removes what the job has besides its record (an Application-mode cluster);
 * the engine then deletes the record. Savepoints and their history stay, unless the job sets
 * {@value #DISPOSE_ON_DELETE}: then their files are removed before anything else, the history says
 * so.
 */
final class DeletePlan implements ActionPlan {

    /** The job key that asks DELETE to dispose of the job's recorded savepoints. */
    static final String DISPOSE_ON_DELETE = "sluice.savepoint.dispose-on-delete";

    private final SavepointHistory history;

    DeletePlan(SavepointHistory history) {
        this.history = history;
    }

    @Override
    public Outcome run(ActionRun run) {
        boolean dispose =
                "true"
                        .equalsIgnoreCase(
                                run.job()
                                        .spec()
                                        .flinkConfiguration()
                                        .getOrDefault(DISPOSE_ON_DELETE, ""));
        if (!dispose) {
            String deleted = run.launcher().delete(run);
            return new Outcome(
                    run.job().run().status(),
                    deleted + "; its savepoints stay in " + run.savepointDirectory());
        }
        int disposed = 0;
        for (SavepointRecord r : history.listForJob(run.job().id())) {
            if (r.state() == SavepointState.DISPOSED) {
                continue;
            }
            try {
                run.roots().storage().delete(run.roots().resolve(r.uri(), "savepoint"));
                history.markDisposed(r.id(), Instant.now());
                disposed++;
            } catch (IOException | RuntimeException e) {
                // The job stays, so the DELETE can be asked again; the error is in the history.
                history.markDisposeFailed(r.id(), e.toString());
                throw new ActionFailure(
                        "Could not dispose of savepoint " + r.uri() + ": " + e.getMessage());
            }
        }
        // Disposed first: a failure leaves the job (and an Application-mode cluster) in place.
        String deleted = run.launcher().delete(run);
        return new Outcome(
                run.job().run().status(), deleted + "; " + disposed + " savepoint(s) disposed");
    }
}
