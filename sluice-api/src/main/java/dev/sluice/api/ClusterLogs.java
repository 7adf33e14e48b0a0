package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The aggregated job logs of a cluster (Sluice extension): whether aggregation is on, where the
 * logs go, how often, and the files there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterLogs(
        boolean enabled, String logDirectory, Long intervalSeconds, List<LogFile> value) {

    /** One aggregated log file; {@code lastModified} is an ISO-8601 instant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogFile(String name, long size, String lastModified) {}
}
