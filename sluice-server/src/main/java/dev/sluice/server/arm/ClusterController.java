package dev.sluice.server.arm;

import dev.sluice.api.Cluster;
import dev.sluice.api.ResourceList;
import dev.sluice.server.arm.ClusterOperationController.OperationUrls;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.lifecycle.ClusterService;
import java.security.Principal;
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

    ClusterController(ClusterService clusters) {
        this.clusters = clusters;
    }

    @PutMapping("/{cluster}")
    ResponseEntity<Cluster> put(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) Cluster body) {
        ClusterService.Accepted accepted =
                clusters.put(ArmId.cluster(sub, rg, pool, cluster), body);
        return OperationUrls.of(
                        sub, accepted.cluster().location(), accepted.operation(), apiVersion)
                .headers(
                        ResponseEntity.status(
                                accepted.created() ? HttpStatus.CREATED : HttpStatus.OK))
                .body(accepted.cluster());
    }

    /**
     * 200 with the cluster; 202 with the operation to poll when the PATCH upgrades an
     * Application-mode cluster (another flinkVersion or jobSpec).
     */
    @PatchMapping("/{cluster}")
    ResponseEntity<Cluster> patch(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) Cluster body,
            Principal principal) {
        ClusterService.Patched patched =
                clusters.patch(
                        ArmId.cluster(sub, rg, pool, cluster),
                        body,
                        principal == null ? "anonymous" : principal.getName());
        if (patched.upgrade().isEmpty()) {
            return ResponseEntity.ok(patched.cluster());
        }
        return OperationUrls.of(
                        sub, patched.cluster().location(), patched.upgrade().get(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .body(patched.cluster());
    }

    @GetMapping("/{cluster}")
    Cluster get(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        return clusters.get(ArmId.cluster(sub, rg, pool, cluster));
    }

    @GetMapping
    ResourceList<Cluster> list(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        return new ResourceList<>(clusters.list(ArmId.pool(sub, rg, pool)), null);
    }

    /** 202 with the operation to poll; 204 when there is no such cluster (ARM style). */
    @DeleteMapping("/{cluster}")
    ResponseEntity<Void> delete(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion) {
        Optional<ClusterService.Deleting> deleting =
                clusters.delete(ArmId.cluster(sub, rg, pool, cluster));
        if (deleting.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        return OperationUrls.of(
                        sub, deleting.get().location(), deleting.get().operation(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .build();
    }
}
