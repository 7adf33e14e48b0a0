package dev.sluice.server.portal;

import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.JobAction;
import java.util.stream.Collectors;

/**
 * One action of a job's history as its page shows it, with the failure reason of a failed one.
 *
 * @param parameters what was asked, e.g. {@code savePointName=savepoint-1 args=--output /x}
 * @param failure the detailed reason (Flink's root cause or Sluice's) when it failed, else null
 */
record ActionRow(
        String id,
        String action,
        String result,
        String principal,
        String started,
        String ended,
        String parameters,
        String step,
        String output,
        String failure) {

    static ActionRow of(JobAction action) {
        return new ActionRow(
                action.id(),
                action.type().name(),
                action.outcome().result().name(),
                action.principal(),
                SavepointChoice.time(action.createdAt()),
                SavepointChoice.time(action.outcome().endedAt()),
                action.parameters().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("  ")),
                action.progress().step(),
                action.outcome().output(),
                action.outcome().result() == ActionResult.FAILED
                        ? action.outcome().failure()
                        : null);
    }

    public boolean failed() {
        return ActionResult.FAILED.name().equals(result);
    }

    public boolean inProgress() {
        return ActionResult.IN_PROGRESS.name().equals(result);
    }
}
