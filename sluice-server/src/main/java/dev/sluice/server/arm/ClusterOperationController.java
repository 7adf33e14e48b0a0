package dev.sluice.server.arm;

import dev.sluice.api.OperationStatus;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.lifecycle.ClusterService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The operations that cluster PUTs and DELETEs start, where ARM keeps them: {@code
 * operationStatuses} (the Azure-AsyncOperation document) and {@code operationResults} (Location:
 * 202 while in progress, then 200 with the cluster or 204 after a delete).
 */
@RestController
@RequestMapping("/subscriptions/{sub}" + ClusterPoolController.PROVIDER + "/locations/{location}")
class ClusterOperationController {

    static final String RETRY_AFTER_SECONDS = "2";

    private final ClusterService clusters;
    private final KeptSpecs specs;

    ClusterOperationController(ClusterService clusters, KeptSpecs specs) {
        this.clusters = clusters;
        this.specs = specs;
    }

    /** The two polling URLs of an operation, as absolute URLs of this server. */
    record OperationUrls(String asyncOperation, String location) {

        static OperationUrls of(
                String subscription,
                String resourceLocation,
                OperationRecord operation,
                String apiVersion) {
            String base =
                    ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                            + path(subscription, resourceLocation);
            String query = "?api-version=" + encode(apiVersion);
            return new OperationUrls(
                    base + "/operationStatuses/" + operation.id() + query,
                    base + "/operationResults/" + operation.id() + query);
        }

        <B extends ResponseEntity.HeadersBuilder<B>> B headers(B builder) {
            return builder.header("Azure-AsyncOperation", asyncOperation)
                    .header("Location", location)
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
    }

    @GetMapping("/operationStatuses/{operationId}")
    OperationStatus status(
            @PathVariable String sub,
            @PathVariable String location,
            @PathVariable String operationId) {
        return clusters.operationStatus(
                sub, operationId, path(sub, location) + "/operationStatuses/" + operationId);
    }

    @GetMapping("/operationResults/{operationId}")
    ResponseEntity<?> result(
            @PathVariable String sub,
            @PathVariable String location,
            @PathVariable String operationId) {
        ClusterService.Outcome outcome = clusters.operationResult(sub, operationId);
        if (outcome.inProgress()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header(
                            "Location",
                            ServletUriComponentsBuilder.fromCurrentRequest().toUriString())
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .build();
        }
        return outcome.resource()
                .<ResponseEntity<?>>map(
                        cluster ->
                                ResponseEntity.ok(
                                        specs.render(
                                                cluster.id().toLowerCase(Locale.ROOT), cluster)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    private static String path(String subscription, String location) {
        return "/subscriptions/"
                + subscription
                + ClusterPoolController.PROVIDER
                + "/locations/"
                + encode(location).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
