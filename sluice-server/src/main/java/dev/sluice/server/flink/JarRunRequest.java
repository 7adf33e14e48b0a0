package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Body of POST /jars/:jarid/run. Null and empty fields are left out so that Flink applies its
 * defaults.
 *
 * <p>{@code jobId} is chosen by the caller (32 hex digits) so that a submission whose answer was
 * lost (timeout) can be recognised afterwards by looking the job up; Flink refuses a second
 * submission with the same id, even after the first has terminated. {@code flinkConfiguration}
 * entries override the cluster configuration for this job (honoured by 1.20 and 2.x). {@code
 * claimMode} only matters together with {@code savepointPath}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JarRunRequest(
        @JsonProperty("entryClass") @Nullable String entryClass,
        @JsonProperty("programArgsList") List<String> programArgs,
        @JsonProperty("parallelism") @Nullable Integer parallelism,
        @JsonProperty("savepointPath") @Nullable String savepointPath,
        @JsonProperty("allowNonRestoredState") @Nullable Boolean allowNonRestoredState,
        @JsonProperty("jobId") @Nullable String jobId,
        @JsonProperty("flinkConfiguration") Map<String, String> flinkConfiguration,
        @JsonProperty("claimMode") @Nullable ClaimMode claimMode) {

    static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{32}");

    public JarRunRequest {
        programArgs = programArgs == null ? List.of() : List.copyOf(programArgs);
        flinkConfiguration =
                flinkConfiguration == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(flinkConfiguration));
        if (jobId != null && !HEX_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("jobId must be 32 hex digits, got " + jobId);
        }
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction; every field is optional. */
    public static final class Builder {
        private String entryClass;
        private final List<String> programArgs = new ArrayList<>();
        private Integer parallelism;
        private String savepointPath;
        private Boolean allowNonRestoredState;
        private String jobId;
        private final Map<String, String> flinkConfiguration = new LinkedHashMap<>();
        private ClaimMode claimMode;

        private Builder() {}

        public Builder entryClass(@Nullable String entryClass) {
            this.entryClass = entryClass;
            return this;
        }

        public Builder programArgs(List<String> args) {
            programArgs.clear();
            programArgs.addAll(Objects.requireNonNull(args));
            return this;
        }

        public Builder parallelism(@Nullable Integer parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder savepointPath(@Nullable String savepointPath) {
            this.savepointPath = savepointPath;
            return this;
        }

        public Builder allowNonRestoredState(@Nullable Boolean allow) {
            this.allowNonRestoredState = allow;
            return this;
        }

        public Builder jobId(@Nullable String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder flinkConfiguration(Map<String, String> configuration) {
            flinkConfiguration.clear();
            flinkConfiguration.putAll(Objects.requireNonNull(configuration));
            return this;
        }

        public Builder claimMode(@Nullable ClaimMode claimMode) {
            this.claimMode = claimMode;
            return this;
        }

        public JarRunRequest build() {
            return new JarRunRequest(
                    entryClass,
                    programArgs,
                    parallelism,
                    savepointPath,
                    allowNonRestoredState,
                    jobId,
                    flinkConfiguration,
                    claimMode);
        }
    }
}
