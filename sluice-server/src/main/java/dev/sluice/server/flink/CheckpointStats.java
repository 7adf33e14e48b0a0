package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checkpoint statistics from GET /jobs/:jobid/checkpoints. Each "latest" section is absent
 * (Optional.empty) until the job has such a checkpoint, e.g. before its first checkpoint or when it
 * was not restored from anything.
 */
public record CheckpointStats(
        Counts counts,
        @Nullable Completed latestCompleted,
        @Nullable Completed latestSavepoint,
        @Nullable Failed latestFailed,
        @Nullable Restored latestRestored) {

    /**
     * What Flink reports as the external path of a checkpoint kept only in JobManager memory; it is
     * not a location anyone can restore from.
     */
    static final String NOT_EXTERNALLY_ADDRESSABLE = "<checkpoint-not-externally-addressable>";

    public CheckpointStats {
        counts = counts == null ? new Counts(0, 0, 0, 0, 0) : counts;
    }

    public Optional<Completed> completed() {
        return Optional.ofNullable(latestCompleted);
    }

    public Optional<Completed> savepoint() {
        return Optional.ofNullable(latestSavepoint);
    }

    public Optional<Failed> failed() {
        return Optional.ofNullable(latestFailed);
    }

    public Optional<Restored> restored() {
        return Optional.ofNullable(latestRestored);
    }

    /** How many checkpoints the job has taken, restored, or has under way. */
    public record Counts(
            @JsonProperty("restored") long restored,
            @JsonProperty("total") long total,
            @JsonProperty("in_progress") long inProgress,
            @JsonProperty("completed") long completed,
            @JsonProperty("failed") long failed) {}

    /**
     * A completed checkpoint or savepoint. {@code externalPath} is null when the checkpoint cannot
     * be restored from outside the running job (JobManager-memory checkpoint storage).
     */
    public record Completed(
            @JsonProperty("id") long id,
            @JsonProperty("is_savepoint") boolean savepoint,
            @JsonProperty("checkpoint_type") @Nullable String checkpointType,
            @JsonProperty("trigger_timestamp") long triggerTimestamp,
            @JsonProperty("latest_ack_timestamp") long latestAckTimestamp,
            @JsonProperty("state_size") long stateSize,
            @JsonProperty("checkpointed_size") long checkpointedSize,
            @JsonProperty("end_to_end_duration") long endToEndDuration,
            @JsonProperty("external_path") @Nullable String externalPath,
            @JsonProperty("discarded") boolean discarded) {

        /** Flink's checkpoint_type of a savepoint taken by stop-with-savepoint. */
        static final String SYNC_SAVEPOINT = "SYNC_SAVEPOINT";

        public Completed {
            externalPath = NOT_EXTERNALLY_ADDRESSABLE.equals(externalPath) ? null : externalPath;
        }

        /**
         * Whether this savepoint stopped the job: Flink types the savepoint of a
         * stop-with-savepoint (from its UI, CLI or REST API, with or without drain) SYNC_SAVEPOINT,
         * any other SAVEPOINT.
         */
        public boolean stoppedTheJob() {
            return savepoint && SYNC_SAVEPOINT.equals(checkpointType);
        }
    }

    /** The latest checkpoint or savepoint that failed, with Flink's one-line reason. */
    public record Failed(
            @JsonProperty("id") long id,
            @JsonProperty("is_savepoint") boolean savepoint,
            @JsonProperty("trigger_timestamp") long triggerTimestamp,
            @JsonProperty("failure_timestamp") long failureTimestamp,
            @JsonProperty("failure_message") @Nullable String failureMessage) {}

    /** The checkpoint or savepoint the job's current run was restored from. */
    public record Restored(
            @JsonProperty("id") long id,
            @JsonProperty("external_path") @Nullable String externalPath,
            @JsonProperty("is_savepoint") boolean savepoint,
            @JsonProperty("restore_timestamp") long restoreTimestamp) {}
}
