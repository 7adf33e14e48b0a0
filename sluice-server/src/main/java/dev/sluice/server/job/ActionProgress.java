package dev.sluice.server.job;

/**
 * What an action's steps recorded so far, so a restarted server resumes instead of repeating.
 *
 * @param step the last step completed, null before the first
 * @param flinkJobId the Flink job id this action submits, chosen before submission
 * @param triggerId the savepoint trigger id this action uses, chosen before triggering
 * @param savepointPath the savepoint this action took or restores from, stored when known
 */
public record ActionProgress(
        String step, String flinkJobId, String triggerId, String savepointPath) {

    /** Before the first step. */
    public static final ActionProgress NONE = new ActionProgress(null, null, null, null);

    public ActionProgress withStep(String newStep) {
        return new ActionProgress(newStep, flinkJobId, triggerId, savepointPath);
    }

    public ActionProgress withFlinkJobId(String newFlinkJobId) {
        return new ActionProgress(step, newFlinkJobId, triggerId, savepointPath);
    }

    public ActionProgress withTriggerId(String newTriggerId) {
        return new ActionProgress(step, flinkJobId, newTriggerId, savepointPath);
    }

    public ActionProgress withSavepointPath(String path) {
        return new ActionProgress(step, flinkJobId, triggerId, path);
    }
}
