package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** One entry of a job's action history (a Sluice extension of the job detail). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobActionView(
        String id,
        String action,
        String actionResult,
        String principal,
        String createdAt,
        String updatedAt,
        String endedAt,
        Map<String, String> parameters,
        String step,
        String flinkJobId,
        String savepoint,
        String output,
        String failure) {}
