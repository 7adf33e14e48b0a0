package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of jobs; {@code nextLink} is the URL of the next page, absent on the last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterJobList(List<ClusterJob> value, String nextLink) {}
