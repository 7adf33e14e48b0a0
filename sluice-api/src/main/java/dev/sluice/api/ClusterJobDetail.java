package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET .../jobs/{jobName}}: the job as in the list, plus its action history, newest first,
 * and why it has its status when that needs explaining (FAILED, UNKNOWN; a stop of automatic
 * restarts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterJobDetail(
        String id,
        String name,
        String type,
        FlinkJobProperties properties,
        List<JobActionView> actions,
        String statusReason) {}
