package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET .../jobs/{jobName}}: the job as in the list, plus its action history, newest first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterJobDetail(
        String id,
        String name,
        String type,
        FlinkJobProperties properties,
        List<JobActionView> actions) {}
