package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An ARM proxy resource holding a Flink job: the body of runJob and the items of the jobs list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterJob(String id, String name, String type, FlinkJobProperties properties) {}
