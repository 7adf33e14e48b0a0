package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A job's savepoint history, newest first, in ARM's list shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSavepointList(List<JobSavepoint> value, String nextLink) {}
