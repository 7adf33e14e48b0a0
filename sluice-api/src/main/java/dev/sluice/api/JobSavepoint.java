package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One savepoint of a job's history (a Sluice extension): an ARM child resource of the job, {@code
 * .../jobs/{job}/savepoints/{name}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSavepoint(String id, String name, String type, Properties properties) {

    /** The resource type of a job's savepoint. */
    public static final String RESOURCE_TYPE =
            "Microsoft.HDInsight/clusterpools/clusters/jobs/savepoints";

    /**
     * What is known of the savepoint.
     *
     * @param path its URI, what START's savePointName accepts
     * @param takenAt when it was completed (its {@code _metadata}'s time), ISO-8601
     * @param sizeBytes total size of its files when recorded
     * @param kind how it was taken: manual, periodic, stop, update, delete, imported
     * @param usable whether it can be restored now: its {@code _metadata} is there and it was not
     *     disposed
     * @param state AVAILABLE, DISPOSED or DISPOSE_FAILED
     * @param actionId the action that took it, absent when imported
     * @param disposedAt when retention removed its files
     * @param disposeError why the last disposal failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            String path,
            String takenAt,
            long sizeBytes,
            String kind,
            boolean usable,
            String state,
            String actionId,
            String disposedAt,
            String disposeError) {}
}
