package dev.sluice.server.job;

import dev.sluice.api.JobActionType;
import java.time.Instant;
import java.util.Objects;

/**
 * A Sluice job: one named Flink job of one cluster across all its runs, as persisted.
 *
 * @param id database id, 0 until stored
 * @param clusterId ARM id of the cluster, lower case
 * @param name job name, lower case, unique per cluster
 * @param spec what it runs
 * @param run its current (or last) run and status
 * @param lastAction the latest action asked for and how it went
 * @param restorePoints the newest savepoint and checkpoint
 * @param createdAt when the job was created
 * @param updatedAt when the row last changed
 */
public record Job(
        long id,
        String clusterId,
        String name,
        JobSpec spec,
        JobRun run,
        LastAction lastAction,
        RestorePoints restorePoints,
        Instant createdAt,
        Instant updatedAt) {

    public Job {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(lastAction, "lastAction");
        Objects.requireNonNull(restorePoints, "restorePoints");
    }

    /**
     * A job not stored yet: not started, its creation (NEW) in progress as action {@code actionId}
     * (null when no action tracks it).
     */
    public static Job create(
            String clusterId, String name, JobSpec spec, String actionId, Instant now) {
        LastAction created = LastAction.created(actionId);
        RestorePoints none = RestorePoints.NONE;
        return new Job(0, clusterId, name, spec, JobRun.NOT_STARTED, created, none, now, now);
    }

    public Job withStatus(JobStatus newStatus, String reason) {
        return with(run.withStatus(newStatus, reason));
    }

    public Job withLastCheckpoint(String checkpoint) {
        return with(restorePoints.withCheckpoint(checkpoint));
    }

    public Job withLastSavepoint(String savepoint) {
        return with(restorePoints.withSavepoint(savepoint));
    }

    /** The job as it looks once an action started: IN_PROGRESS, the action recorded as active. */
    public Job withActionStarted(JobActionType action, String actionId) {
        return with(lastAction.started(action, actionId));
    }

    /** The job once its active action ended. */
    public Job withActionEnded(ActionResult result, String output) {
        return with(lastAction.ended(result, output));
    }

    /** The job running a new Flink job started by action {@code actionId}. */
    public Job withRun(String newFlinkJobId, String actionId) {
        return with(run.started(actionId, newFlinkJobId));
    }

    /** The job with new program arguments (START/UPDATE may change them). */
    public Job withArgs(String newArgs) {
        return with(spec.withArgs(newArgs));
    }

    /** The job with another jar (an application cluster's upgrade may change it). */
    public Job withJar(String newJarDirectory, String newJarName, String newEntryClass) {
        return with(spec.withJar(newJarDirectory, newJarName, newEntryClass));
    }

    /** The job as stored: its database id and timestamps. */
    public Job stored(long newId, Instant created, Instant updated) {
        return new Job(
                newId, clusterId, name, spec, run, lastAction, restorePoints, created, updated);
    }

    private Job with(JobSpec s) {
        return new Job(
                id, clusterId, name, s, run, lastAction, restorePoints, createdAt, updatedAt);
    }

    private Job with(JobRun r) {
        return new Job(
                id, clusterId, name, spec, r, lastAction, restorePoints, createdAt, updatedAt);
    }

    private Job with(LastAction a) {
        return new Job(id, clusterId, name, spec, run, a, restorePoints, createdAt, updatedAt);
    }

    private Job with(RestorePoints p) {
        return new Job(id, clusterId, name, spec, run, lastAction, p, createdAt, updatedAt);
    }
}
