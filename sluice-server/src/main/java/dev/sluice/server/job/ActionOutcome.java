package dev.sluice.server.job;

import java.time.Instant;

/**
 * How an action ended, or {@link #IN_PROGRESS} while it runs.
 *
 * @param result IN_PROGRESS until it ends
 * @param output what the action reports (jobOutput)
 * @param failure Flink's root cause or Sluice's reason when it failed
 * @param snapshot the ClusterJob JSON as it was when the action ended (for the operation result)
 * @param endedAt when it ended, null while in progress
 */
public record ActionOutcome(
        ActionResult result, String output, String failure, String snapshot, Instant endedAt) {

    /** An action still running. */
    public static final ActionOutcome IN_PROGRESS =
            new ActionOutcome(ActionResult.IN_PROGRESS, null, null, null, null);

    public ActionOutcome withEndedAt(Instant at) {
        return new ActionOutcome(result, output, failure, snapshot, at);
    }
}
