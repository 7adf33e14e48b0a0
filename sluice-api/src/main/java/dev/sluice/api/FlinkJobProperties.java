package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The {@code properties} of a ClusterJob ({@code jobType: FlinkJob}), as in the HDInsight spec and
 * the seeds. The last seven are read-only: Sluice fills them, requests may omit them; so is {@code
 * alerts}, Sluice's own, which only a job's GET fills.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlinkJobProperties(
        String jobType,
        String jobName,
        String action,
        String jobJarDirectory,
        String jarName,
        String entryClass,
        String args,
        String savePointName,
        Map<String, String> flinkConfiguration,
        String jobId,
        String runId,
        String status,
        String jobOutput,
        String actionResult,
        String lastSavePoint,
        JobAlerts alerts,
        Map<String, String> policies) {

    /** The properties as the seeds know them, without Sluice's {@code alerts} and policies. */
    public FlinkJobProperties(
            String jobType,
            String jobName,
            String action,
            String jobJarDirectory,
            String jarName,
            String entryClass,
            String args,
            String savePointName,
            Map<String, String> flinkConfiguration,
            String jobId,
            String runId,
            String status,
            String jobOutput,
            String actionResult,
            String lastSavePoint) {
        this(
                jobType,
                jobName,
                action,
                jobJarDirectory,
                jarName,
                entryClass,
                args,
                savePointName,
                flinkConfiguration,
                jobId,
                runId,
                status,
                jobOutput,
                actionResult,
                lastSavePoint,
                null,
                null);
    }
}
