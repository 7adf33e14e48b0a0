package dev.sluice.server.job;

import dev.sluice.api.JobActionType;

/**
 * The latest action asked for on a job and how it went.
 *
 * @param type the latest action asked for
 * @param result its result
 * @param output its output (savepoint path, savepoint list, failure reason)
 * @param activeId the action in progress, null when none: one at a time per job
 */
public record LastAction(JobActionType type, ActionResult result, String output, String activeId) {

    /** The job's creation, in progress as action {@code actionId}. */
    public static LastAction created(String actionId) {
        return new LastAction(JobActionType.NEW, ActionResult.IN_PROGRESS, null, actionId);
    }

    /** Action {@code actionId} started; the previous output stays until it ends. */
    public LastAction started(JobActionType action, String actionId) {
        return new LastAction(action, ActionResult.IN_PROGRESS, output, actionId);
    }

    /** The active action ended. */
    public LastAction ended(ActionResult finalResult, String finalOutput) {
        return new LastAction(type, finalResult, finalOutput, null);
    }
}
