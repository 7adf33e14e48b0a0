package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One job of GET /jobs/overview. Times are epoch milliseconds; {@code endTime} is null while the
 * job has not ended (Flink sends -1).
 */
public record JobOverview(
        @JsonProperty("jid") String jobId,
        @JsonProperty("name") String name,
        @JsonProperty("state") FlinkJobState state,
        @JsonProperty("start-time") long startTime,
        @JsonProperty("end-time") @Nullable Long endTime,
        @JsonProperty("duration") long duration,
        @JsonProperty("last-modification") long lastModification) {

    public JobOverview {
        endTime = JobDetail.endedAt(endTime);
        state = state == null ? FlinkJobState.UNKNOWN : state;
    }
}
