package dev.sluice.server.job;

import dev.sluice.api.JobActionType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One runJob action, persisted before it touches Flink. Each step records what it did here so a
 * restarted server resumes the action instead of repeating or losing it.
 *
 * @param id action id (32 hex), also the id of the long-running operation
 * @param jobId the job's database id (kept after a DELETE removed the job)
 * @param clusterId ARM id of the cluster, lower case
 * @param jobName the job's name
 * @param type the action
 * @param principal who asked for it
 * @param parameters what was asked: args, savePointName, flinkConfiguration, ...
 * @param progress what its steps recorded so far
 * @param outcome how it ended, {@link ActionOutcome#IN_PROGRESS} until then
 * @param createdAt when it was asked for
 * @param updatedAt when a step last recorded progress
 */
public record JobAction(
        String id,
        long jobId,
        String clusterId,
        String jobName,
        JobActionType type,
        String principal,
        Map<String, String> parameters,
        ActionProgress progress,
        ActionOutcome outcome,
        Instant createdAt,
        Instant updatedAt) {

    public JobAction {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A new action on {@code job}, asked for {@code now}: no step done yet, in progress. */
    public static JobAction create(
            String id,
            Job job,
            JobActionType type,
            String principal,
            Map<String, String> parameters,
            Instant now) {
        return new JobAction(
                id,
                job.id(),
                job.clusterId(),
                job.name(),
                type,
                principal,
                parameters,
                ActionProgress.NONE,
                ActionOutcome.IN_PROGRESS,
                now,
                now);
    }

    public JobAction withStep(String newStep) {
        return with(progress.withStep(newStep), outcome, createdAt, updatedAt);
    }

    public JobAction withFlinkJobId(String newFlinkJobId) {
        return with(progress.withFlinkJobId(newFlinkJobId), outcome, createdAt, updatedAt);
    }

    public JobAction withTriggerId(String newTriggerId) {
        return with(progress.withTriggerId(newTriggerId), outcome, createdAt, updatedAt);
    }

    public JobAction withRollback(Map<String, String> kept) {
        return with(progress.withRollback(kept), outcome, createdAt, updatedAt);
    }

    public JobAction withSavepointPath(String path) {
        return with(progress.withSavepointPath(path), outcome, createdAt, updatedAt);
    }

    public JobAction ended(
            ActionResult finalResult,
            String finalOutput,
            String failureDetail,
            String finalSnapshot,
            Instant at) {
        ActionOutcome end =
                new ActionOutcome(finalResult, finalOutput, failureDetail, finalSnapshot, at);
        return with(progress, end, createdAt, at);
    }

    /** The action as stored: its timestamps as the database keeps them. */
    public JobAction stored(Instant created, Instant updated, Instant endedAt) {
        return with(progress, outcome.withEndedAt(endedAt), created, updated);
    }

    /** The same action with other values of what changes while it runs. */
    private JobAction with(ActionProgress p, ActionOutcome o, Instant created, Instant updated) {
        return new JobAction(
                id, jobId, clusterId, jobName, type, principal, parameters, p, o, created, updated);
    }
}
