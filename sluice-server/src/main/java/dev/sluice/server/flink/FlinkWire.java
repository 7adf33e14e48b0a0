package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Flink REST bodies whose JSON shape differs from what the client hands out; each knows how to turn
 * itself into the public type.
 */
final class FlinkWire {

    private FlinkWire() {}

    /** Flink's error body, for every 4xx/5xx it produces itself. */
    record ErrorBody(@JsonProperty("errors") @Nullable List<String> errors) {}

    record JobsOverviewBody(@JsonProperty("jobs") @Nullable List<JobOverview> jobs) {
        List<JobOverview> list() {
            return jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    /** {"filename": "/upload/dir/flink-web-upload/<uuid>_<name>.jar", "status": "success"}. */
    record JarUploadResponse(
            @JsonProperty("filename") @Nullable String filename,
            @JsonProperty("status") @Nullable String status) {

        /** The jar id Flink's other jar endpoints take is the stored file's name. */
        @Nullable String jarId() {
            if (filename == null || filename.isBlank()) {
                return null;
            }
            int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
            return filename.substring(slash + 1);
        }
    }

    /** 2.x also sends "applicationId", which Sluice has no use for. */
    record JarRunResponse(@JsonProperty("jobid") @Nullable String jobId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SavepointTriggerBody(
            @JsonProperty("target-directory") @Nullable String targetDirectory,
            @JsonProperty("cancel-job") boolean cancelJob,
            @JsonProperty("triggerId") @Nullable String triggerId,
            @JsonProperty("formatType") @Nullable SavepointFormat formatType) {}

    /** Note the camelCase "targetDirectory", unlike the trigger body's "target-directory". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StopWithSavepointBody(
            @JsonProperty("targetDirectory") @Nullable String targetDirectory,
            @JsonProperty("drain") boolean drain,
            @JsonProperty("triggerId") @Nullable String triggerId,
            @JsonProperty("formatType") @Nullable SavepointFormat formatType) {}

    record SavepointDisposalBody(@JsonProperty("savepoint-path") String savepointPath) {}

    record TriggerResponse(@JsonProperty("request-id") @Nullable String requestId) {}

    /**
     * {"status": {"id": "IN_PROGRESS"|"COMPLETED"}, "operation": null | {"location": ...} |
     * {"failure-cause": {"class": ..., "stack-trace": ...}}}.
     */
    record AsyncOperationBody(
            @JsonProperty("status") @Nullable QueueStatus status,
            @JsonProperty("operation") @Nullable Operation operation) {

        SavepointOperationStatus toStatus() {
            if (status == null || !"COMPLETED".equals(status.id())) {
                return SavepointOperationStatus.inProgress();
            }
            if (operation != null && operation.failureCause() != null) {
                FailureCause cause = operation.failureCause();
                String trace = cause.stackTrace();
                if (trace == null || trace.isBlank()) {
                    String name = cause.className() == null ? "unknown" : cause.className();
                    return SavepointOperationStatus.failed(name, null);
                }
                return SavepointOperationStatus.failed(FlinkErrorText.summarize(trace), trace);
            }
            return SavepointOperationStatus.succeeded(
                    operation == null ? null : operation.location());
        }
    }

    record QueueStatus(@JsonProperty("id") @Nullable String id) {}

    record Operation(
            @JsonProperty("location") @Nullable String location,
            @JsonProperty("failure-cause") @Nullable FailureCause failureCause) {}

    record FailureCause(
            @JsonProperty("class") @Nullable String className,
            @JsonProperty("stack-trace") @Nullable String stackTrace) {}

    record CheckpointsBody(
            @JsonProperty("counts") CheckpointStats.@Nullable Counts counts,
            @JsonProperty("latest") @Nullable LatestCheckpoints latest) {

        CheckpointStats toStats() {
            if (latest == null) {
                return new CheckpointStats(counts, null, null, null, null);
            }
            return new CheckpointStats(
                    counts,
                    latest.completed(),
                    latest.savepoint(),
                    latest.failed(),
                    latest.restored());
        }
    }

    record LatestCheckpoints(
            @JsonProperty("completed") CheckpointStats.@Nullable Completed completed,
            @JsonProperty("savepoint") CheckpointStats.@Nullable Completed savepoint,
            @JsonProperty("failed") CheckpointStats.@Nullable Failed failed,
            @JsonProperty("restored") CheckpointStats.@Nullable Restored restored) {}

    /**
     * Flink 1.20 sends the deprecated "root-exception"/"timestamp" alongside "exceptionHistory";
     * 2.x sends only "exceptionHistory", newest entry first.
     */
    record ExceptionsBody(
            @JsonProperty("root-exception") @Nullable String rootException,
            @JsonProperty("timestamp") @Nullable Long timestamp,
            @JsonProperty("exceptionHistory") @Nullable ExceptionHistory exceptionHistory) {

        Optional<JobFailure> toFailure() {
            if (exceptionHistory != null
                    && exceptionHistory.entries() != null
                    && !exceptionHistory.entries().isEmpty()) {
                ExceptionEntry latest = exceptionHistory.entries().get(0);
                if (latest.stacktrace() != null && !latest.stacktrace().isBlank()) {
                    return Optional.of(
                            JobFailure.fromStackTrace(
                                    latest.exceptionName(),
                                    latest.stacktrace(),
                                    latest.timestamp(),
                                    latest.taskName()));
                }
            }
            if (rootException != null && !rootException.isBlank()) {
                return Optional.of(JobFailure.fromStackTrace(null, rootException, timestamp, null));
            }
            return Optional.empty();
        }
    }

    record ExceptionHistory(@JsonProperty("entries") @Nullable List<ExceptionEntry> entries) {}

    record ExceptionEntry(
            @JsonProperty("exceptionName") @Nullable String exceptionName,
            @JsonProperty("stacktrace") @Nullable String stacktrace,
            @JsonProperty("timestamp") @Nullable Long timestamp,
            @JsonProperty("taskName") @Nullable String taskName) {}
}
