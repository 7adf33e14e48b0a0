package dev.sluice.server.flink;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** Cluster-wide counters from GET /overview. */
public record ClusterOverview(
        @JsonProperty("taskmanagers") int taskManagers,
        @JsonProperty("slots-total") int slotsTotal,
        @JsonProperty("slots-available") int slotsAvailable,
        @JsonProperty("jobs-running") int jobsRunning,
        @JsonProperty("jobs-finished") int jobsFinished,
        @JsonProperty("jobs-cancelled") int jobsCancelled,
        @JsonProperty("jobs-failed") int jobsFailed,
        @JsonProperty("flink-version") @Nullable String flinkVersion,
        @JsonProperty("flink-commit") @Nullable String flinkCommit) {}
