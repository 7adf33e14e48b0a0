package dev.sluice.server.flink;

import io.micrometer.core.instrument.Metrics;

/**
 * Counts Flink REST calls and their failures by endpoint (method and path template, so a job id
 * never becomes a label) on Micrometer's global registry, which Spring Boot's registries join: the
 * Flink clients are made wherever a REST URL is known, not as beans.
 */
final class FlinkCallCounts {

    static final String CALLS = "sluice.flink.calls";
    static final String ERRORS = "sluice.flink.errors";

    private FlinkCallCounts() {}

    static void called(FlinkEndpoint<?, ?> endpoint) {
        Metrics.counter(CALLS, "endpoint", kind(endpoint)).increment();
    }

    /**
     * A failed call: {@code unavailable} (no answer, or a gateway's) or {@code refused} (Flink
     * answered with an error).
     */
    static void failed(FlinkEndpoint<?, ?> endpoint, RuntimeException failure) {
        Metrics.counter(
                        ERRORS,
                        "endpoint",
                        kind(endpoint),
                        "kind",
                        failure instanceof FlinkUnavailableException ? "unavailable" : "refused")
                .increment();
    }

    private static String kind(FlinkEndpoint<?, ?> endpoint) {
        return endpoint.method() + " " + endpoint.pathTemplate();
    }
}
