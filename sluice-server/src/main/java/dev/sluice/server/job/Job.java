package dev.sluice.server.job;

import dev.sluice.api.JobActionType;
import java.time.Instant;
import java.util.Map;

/**
 * A Sluice job: one named Flink job of one cluster across all its runs, as persisted.
 *
 * @param id database id
 * @param clusterId ARM id of the cluster, lower case
 * @param name job name, lower case, unique per cluster
 * @param jarDirectory jobJarDirectory URI
 * @param jarName jar file name inside the directory
 * @param entryClass main class
 * @param args program arguments, space separated as the seeds say
 * @param flinkConfiguration the job's flinkConfiguration (parallelism, savepoint.directory, ...)
 * @param flinkJobId id of the current (or last) Flink job, chosen by Sluice
 * @param runId id of the action that started the current run
 * @param status what the job is doing
 * @param statusReason why, when the status needs explaining (UNKNOWN, FAILED)
 * @param lastAction the latest action asked for
 * @param actionResult result of the latest action
 * @param jobOutput output of the latest action (savepoint path, savepoint list, failure reason)
 * @param lastSavepoint the newest savepoint Sluice took or restored from
 * @param lastCheckpoint the newest retained checkpoint the observer saw
 * @param activeActionId the action in progress, null when none: one at a time per job
 * @param createdAt when the job was created
 * @param updatedAt when the row last changed
 */
public record Job(
        long id,
        String clusterId,
        String name,
        String jarDirectory,
        String jarName,
        String entryClass,
        String args,
        Map<String, String> flinkConfiguration,
        String flinkJobId,
        String runId,
        JobStatus status,
        String statusReason,
        JobActionType lastAction,
        ActionResult actionResult,
        String jobOutput,
        String lastSavepoint,
        String lastCheckpoint,
        String activeActionId,
        Instant createdAt,
        Instant updatedAt) {

    public Job {
        flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    }

    public Job withStatus(JobStatus newStatus, String reason) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                newStatus,
                reason,
                lastAction,
                actionResult,
                jobOutput,
                lastSavepoint,
                lastCheckpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }

    public Job withLastCheckpoint(String checkpoint) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                lastAction,
                actionResult,
                jobOutput,
                lastSavepoint,
                checkpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }

    public Job withLastSavepoint(String savepoint) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                lastAction,
                actionResult,
                jobOutput,
                savepoint,
                lastCheckpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }

    /** The job as it looks once an action started: IN_PROGRESS, the action recorded as active. */
    public Job withActionStarted(JobActionType action, String actionId) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                action,
                ActionResult.IN_PROGRESS,
                jobOutput,
                lastSavepoint,
                lastCheckpoint,
                actionId,
                createdAt,
                updatedAt);
    }

    /** The job once its active action ended. */
    public Job withActionEnded(ActionResult result, String output) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                lastAction,
                result,
                output,
                lastSavepoint,
                lastCheckpoint,
                null,
                createdAt,
                updatedAt);
    }

    /** The job running a new Flink job started by action {@code actionId}. */
    public Job withRun(String newFlinkJobId, String actionId) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                args,
                flinkConfiguration,
                newFlinkJobId,
                actionId,
                status,
                statusReason,
                lastAction,
                actionResult,
                jobOutput,
                lastSavepoint,
                lastCheckpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }

    /** The job with new program arguments (START/UPDATE may change them). */
    public Job withArgs(String newArgs) {
        return new Job(
                id,
                clusterId,
                name,
                jarDirectory,
                jarName,
                entryClass,
                newArgs,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                lastAction,
                actionResult,
                jobOutput,
                lastSavepoint,
                lastCheckpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }

    /** The job with another jar (an application cluster's upgrade may change it). */
    public Job withJar(String newJarDirectory, String newJarName, String newEntryClass) {
        return new Job(
                id,
                clusterId,
                name,
                newJarDirectory,
                newJarName,
                newEntryClass,
                args,
                flinkConfiguration,
                flinkJobId,
                runId,
                status,
                statusReason,
                lastAction,
                actionResult,
                jobOutput,
                lastSavepoint,
                lastCheckpoint,
                activeActionId,
                createdAt,
                updatedAt);
    }
}
