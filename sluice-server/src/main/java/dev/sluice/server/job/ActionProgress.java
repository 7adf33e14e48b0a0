package dev.sluice.server.job;

import java.util.Map;

/**
 * What an action's steps recorded so far, so a restarted server resumes instead of repeating.
 *
 * @param step the last step completed, null before the first
 * @param flinkJobId the Flink job id this action submits, chosen before submission
 * @param triggerId the savepoint trigger id this action uses, chosen before triggering
 * @param savepointPath the savepoint this action took or restores from, stored when known
 * @param rollback what an UPDATE with rollback keeps to go back to the previous version (its jar,
 *     entry class, arguments and Flink job id) and, once it rolls back, why; empty otherwise
 */
public record ActionProgress(
        String step,
        String flinkJobId,
        String triggerId,
        String savepointPath,
        Map<String, String> rollback) {

    /** Before the first step. */
    public static final ActionProgress NONE = new ActionProgress(null, null, null, null);

    public ActionProgress {
        rollback = rollback == null ? Map.of() : Map.copyOf(rollback);
    }

    /** Progress of an action that keeps nothing for a rollback. */
    public ActionProgress(String step, String flinkJobId, String triggerId, String savepointPath) {
        this(step, flinkJobId, triggerId, savepointPath, Map.of());
    }

    public ActionProgress withStep(String newStep) {
        return new ActionProgress(newStep, flinkJobId, triggerId, savepointPath, rollback);
    }

    public ActionProgress withFlinkJobId(String newFlinkJobId) {
        return new ActionProgress(step, newFlinkJobId, triggerId, savepointPath, rollback);
    }

    public ActionProgress withTriggerId(String newTriggerId) {
        return new ActionProgress(step, flinkJobId, newTriggerId, savepointPath, rollback);
    }

    public ActionProgress withSavepointPath(String path) {
        return new ActionProgress(step, flinkJobId, triggerId, path, rollback);
    }

    public ActionProgress withRollback(Map<String, String> kept) {
        return new ActionProgress(step, flinkJobId, triggerId, savepointPath, kept);
    }
}
