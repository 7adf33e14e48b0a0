package dev.sluice.server.job;

/**
 * A job's current (or last) Flink run and what it is doing.
 *
 * @param id id of the action that started this run
 * @param flinkJobId id of the run's Flink job, chosen by Sluice
 * @param status what the job is doing
 * @param statusReason why, when the status needs explaining (UNKNOWN, FAILED)
 */
public record JobRun(String id, String flinkJobId, JobStatus status, String statusReason) {

    /**
     * Ends the statusReason of a FAILED run whose root cause Flink did not report yet (its REST
     * answers come from a cache that can predate the failure); the observer reads it again until it
     * arrives, then replaces this with it.
     */
    public static final String CAUSE_PENDING = " (Flink has not reported the root cause yet)";

    /** A job that never ran. */
    public static final JobRun NOT_STARTED = new JobRun(null, null, JobStatus.NOT_STARTED, null);

    /** Whether this run FAILED and Flink's root cause is still to be read. */
    public boolean causePending() {
        return status == JobStatus.FAILED
                && statusReason != null
                && statusReason.endsWith(CAUSE_PENDING);
    }

    public JobRun withStatus(JobStatus newStatus, String reason) {
        return new JobRun(id, flinkJobId, newStatus, reason);
    }

    /** A new Flink job started by action {@code actionId}; the status stays until observed. */
    public JobRun started(String actionId, String newFlinkJobId) {
        return new JobRun(actionId, newFlinkJobId, status, statusReason);
    }
}
