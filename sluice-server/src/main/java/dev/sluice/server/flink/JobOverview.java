package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One job of GET /jobs/overview, which Flink's Dispatcher answers from live data (unlike GET
 * /jobs/:jobid, served from a cache kept for {@code web.refresh-interval}). Times are epoch
 * milliseconds; {@code endTime} is null while the job has not ended (Flink sends -1); {@code tasks}
 * counts the job's tasks per execution state, null when Flink sent none.
 */
public record JobOverview(
        @JsonProperty("jid") String jobId,
        @JsonProperty("name") String name,
        @JsonProperty("state") FlinkJobState state,
        @JsonProperty("start-time") long startTime,
        @JsonProperty("end-time") @Nullable Long endTime,
        @JsonProperty("duration") long duration,
        @JsonProperty("last-modification") long lastModification,
        @JsonProperty("tasks") @Nullable Tasks tasks) {

    public JobOverview {
        endTime = JobDetail.endedAt(endTime);
        state = state == null ? FlinkJobState.UNKNOWN : state;
    }

    /** A job without task counts (tests, and Flink versions that send none). */
    public JobOverview(
            String jobId,
            String name,
            FlinkJobState state,
            long startTime,
            @Nullable Long endTime,
            long duration,
            long lastModification) {
        this(jobId, name, state, startTime, endTime, duration, lastModification, null);
    }

    /**
     * Whether the job runs: RUNNING with every task RUNNING or FINISHED. Flink calls a job RUNNING
     * while its tasks still deploy, and a savepoint asked for then fails. Without task counts the
     * job state alone decides.
     */
    public boolean runs() {
        return state == FlinkJobState.RUNNING
                && (tasks == null || tasks.running() + tasks.finished() >= tasks.total());
    }

    /** Flink's per-state task counts of a job ("tasks" of the overview), the ones Sluice reads. */
    public record Tasks(
            @JsonProperty("total") int total,
            @JsonProperty("running") int running,
            @JsonProperty("finished") int finished) {}
}
