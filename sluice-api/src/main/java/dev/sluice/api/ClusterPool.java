package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A cluster pool resource ({@code Microsoft.HDInsight/clusterpools}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterPool(
        String id,
        String name,
        String type,
        String location,
        Map<String, String> tags,
        Properties properties) {

    /** Pool properties; Sluice reports provisioningState and status only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(String provisioningState, String deploymentId, String status) {}
}
