package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A job as GET /jobs/:jobid describes it. {@code stateTimestamps} holds, per job status name, when
 * the job last entered it, for the statuses it has entered (Flink's "timestamps", with the zero
 * entries of never-entered statuses dropped).
 */
public record JobDetail(
        @JsonProperty("jid") String jobId,
        @JsonProperty("name") String name,
        @JsonProperty("state") FlinkJobState state,
        @JsonProperty("start-time") long startTime,
        @JsonProperty("end-time") @Nullable Long endTime,
        @JsonProperty("duration") long duration,
        @JsonProperty("timestamps") Map<String, Long> stateTimestamps,
        @JsonProperty("vertices") List<Vertex> vertices) {

    public JobDetail {
        state = state == null ? FlinkJobState.UNKNOWN : state;
        endTime = endedAt(endTime);
        Map<String, Long> entered = new LinkedHashMap<>();
        if (stateTimestamps != null) {
            stateTimestamps.forEach(
                    (status, at) -> {
                        if (at != null && at > 0) {
                            entered.put(status, at);
                        }
                    });
        }
        stateTimestamps = Map.copyOf(entered);
        vertices = vertices == null ? List.of() : List.copyOf(vertices);
    }

    /** When the job last entered {@code state}, if it ever did. */
    public Optional<Long> enteredAt(FlinkJobState state) {
        return Optional.ofNullable(stateTimestamps.get(state.name()));
    }

    /** Flink writes -1 for "not ended yet"; callers should not have to know that. */
    static @Nullable Long endedAt(@Nullable Long flinkEndTime) {
        return flinkEndTime == null || flinkEndTime < 0 ? null : flinkEndTime;
    }

    /** One operator chain of the job graph; {@code status} is Flink's ExecutionState name. */
    public record Vertex(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("maxParallelism") int maxParallelism,
            @JsonProperty("status") String status,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") @Nullable Long endTime,
            @JsonProperty("duration") long duration) {

        public Vertex {
            endTime = endedAt(endTime);
        }
    }
}
