package dev.sluice.server.job;

import dev.sluice.api.JobActionType;
import java.time.Instant;
import java.util.Map;

/**
 * One runJob action, persisted before it touches Flink. Each step records what it did here so a
 * restarted server resumes the action instead of repeating or losing it.
 *
 * @param id action id (32 hex), also the id of the long-running operation
 * @param jobId the job's database id (kept after a DELETE removed the job)
 * @param clusterId ARM id of the cluster, lower case
 * @param jobName the job's name
 * @param type the action
 * @param result IN_PROGRESS until it ends
 * @param principal who asked for it
 * @param parameters what was asked: args, savePointName, flinkConfiguration, ...
 * @param step the last step completed, null before the first
 * @param flinkJobId the Flink job id this action submits, chosen before submission
 * @param triggerId the savepoint trigger id this action uses, chosen before triggering
 * @param savepointPath the savepoint this action took or restores from, stored when known
 * @param output what the action reports (jobOutput)
 * @param failure Flink's root cause or Sluice's reason when it failed
 * @param snapshot the ClusterJob JSON as it was when the action ended (for the operation result)
 * @param createdAt when it was asked for
 * @param updatedAt when a step last recorded progress
 * @param endedAt when it ended, null while in progress
 */
public record JobAction(
        String id,
        long jobId,
        String clusterId,
        String jobName,
        JobActionType type,
        ActionResult result,
        String principal,
        Map<String, String> parameters,
        String step,
        String flinkJobId,
        String triggerId,
        String savepointPath,
        String output,
        String failure,
        String snapshot,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt) {

    public JobAction {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public JobAction withStep(String newStep) {
        return new JobAction(
                id,
                jobId,
                clusterId,
                jobName,
                type,
                result,
                principal,
                parameters,
                newStep,
                flinkJobId,
                triggerId,
                savepointPath,
                output,
                failure,
                snapshot,
                createdAt,
                updatedAt,
                endedAt);
    }

    public JobAction withFlinkJobId(String newFlinkJobId) {
        return new JobAction(
                id,
                jobId,
                clusterId,
                jobName,
                type,
                result,
                principal,
                parameters,
                step,
                newFlinkJobId,
                triggerId,
                savepointPath,
                output,
                failure,
                snapshot,
                createdAt,
                updatedAt,
                endedAt);
    }

    public JobAction withTriggerId(String newTriggerId) {
        return new JobAction(
                id,
                jobId,
                clusterId,
                jobName,
                type,
                result,
                principal,
                parameters,
                step,
                flinkJobId,
                newTriggerId,
                savepointPath,
                output,
                failure,
                snapshot,
                createdAt,
                updatedAt,
                endedAt);
    }

    public JobAction withSavepointPath(String path) {
        return new JobAction(
                id,
                jobId,
                clusterId,
                jobName,
                type,
                result,
                principal,
                parameters,
                step,
                flinkJobId,
                triggerId,
                path,
                output,
                failure,
                snapshot,
                createdAt,
                updatedAt,
                endedAt);
    }

    public JobAction ended(
            ActionResult finalResult,
            String finalOutput,
            String failureDetail,
            String finalSnapshot,
            Instant at) {
        return new JobAction(
                id,
                jobId,
                clusterId,
                jobName,
                type,
                finalResult,
                principal,
                parameters,
                step,
                flinkJobId,
                triggerId,
                savepointPath,
                finalOutput,
                failureDetail,
                finalSnapshot,
                createdAt,
                at,
                at);
    }
}
