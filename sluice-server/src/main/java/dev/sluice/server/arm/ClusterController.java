package dev.sluice.server.arm;

import dev.sluice.api.Cluster;
import dev.sluice.api.ResourceList;
import dev.sluice.server.arm.ClusterOperationController.OperationUrls;
import dev.sluice.server.cluster.ResourceLock;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.lifecycle.ClusterService;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flink clusters of a pool ({@code Microsoft.HDInsight/clusterpools/clusters}). PUT and DELETE are
 * long-running: they answer at once with {@code Azure-AsyncOperation} and {@code Location} to poll
 * while the cluster is started or stopped in the background.
 */
@RestController
@RequestMapping({
    ClusterPoolController.GROUP + "/clusterpools/{pool}/clusters",
    ClusterPoolController.GROUP + "/clusterPools/{pool}/clusters"
})
class ClusterController {

    private final ClusterService clusters;
    private final KeptSpecs specs;
    private final JsonMapper json;
    private final ProcessEndpoints endpoints;
    private final ResourceLock lock;

    ClusterController(
            ClusterService clusters,
            KeptSpecs specs,
            JsonMapper json,
            ProcessEndpoints endpoints,
            ResourceLock lock) {
        this.endpoints = endpoints;
        this.lock = lock;
        this.clusters = clusters;
        this.specs = specs;
        this.json = json;
    }

    @PutMapping("/{cluster}")
    ResponseEntity<JsonNode> put(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) JsonNode body,
            Principal principal) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        ClusterService.Accepted accepted;
        // Kept under the lock of the write: provisioning reads the kept prometheusProfile.
        synchronized (lock) {
            accepted = clusters.put(id, typed(body));
            specs.keep(id.clusterKey(), body, principal, accepted.created());
        }
        return OperationUrls.of(
                        sub, accepted.cluster().location(), accepted.operation(), apiVersion)
                .headers(
                        ResponseEntity.status(
                                accepted.created() ? HttpStatus.CREATED : HttpStatus.OK))
                .body(specs.render(id.clusterKey(), accepted.cluster()));
    }

    /**
     * 200 with the cluster; 202 with the operation to poll when the PATCH upgrades an
     * Application-mode cluster (another flinkVersion or jobSpec).
     */
    @PatchMapping("/{cluster}")
    ResponseEntity<JsonNode> patch(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) JsonNode body,
            Principal principal) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        ClusterService.Patched patched =
                clusters.patch(
                        id, typed(body), principal == null ? "anonymous" : principal.getName());
        specs.patch(id.clusterKey(), body, principal);
        JsonNode view = specs.render(id.clusterKey(), patched.cluster());
        if (patched.upgrade().isEmpty()) {
            return ResponseEntity.ok(view);
        }
        return OperationUrls.of(
                        sub, patched.cluster().location(), patched.upgrade().get(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .body(view);
    }

    @GetMapping("/{cluster}")
    JsonNode get(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        return endpoints.added(specs.render(id.clusterKey(), clusters.get(id)), id.clusterKey());
    }

    @GetMapping
    ResourceList<JsonNode> list(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        return new ResourceList<>(
                clusters.list(ArmId.pool(sub, rg, pool)).stream()
                        .map(c -> specs.render(c.id().toLowerCase(Locale.ROOT), c))
                        .toList(),
                null);
    }

    /** 202 with the operation to poll; 204 when there is no such cluster (ARM style). */
    @DeleteMapping("/{cluster}")
    ResponseEntity<Void> delete(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            Principal principal) {
        Optional<ClusterService.Deleting> deleting =
                clusters.delete(
                        ArmId.cluster(sub, rg, pool, cluster),
                        principal == null ? "anonymous" : principal.getName());
        if (deleting.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        return OperationUrls.of(
                        sub, deleting.get().location(), deleting.get().operation(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .build();
    }

    /** The body as the service reads it; what it does not model stays in {@link KeptSpecs}. */
    private Cluster typed(JsonNode body) {
        return body == null || body.isNull() ? null : json.treeToValue(body, Cluster.class);
    }
}
