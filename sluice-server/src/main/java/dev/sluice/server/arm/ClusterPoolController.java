package dev.sluice.server.arm;

import dev.sluice.api.ClusterPool;
import dev.sluice.api.ResourceList;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.common.ArmId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster pools ({@code Microsoft.HDInsight/clusterpools}): PUT, GET, PATCH (tags), DELETE and the
 * lists by resource group and by subscription. Pools hold nothing to provision, so every write
 * completes at once. Both the spec's {@code clusterpools} and the SDKs' {@code clusterPools} are
 * accepted.
 */
@RestController
class ClusterPoolController {

    static final String PROVIDER = "/providers/Microsoft.HDInsight";
    static final String GROUP = "/subscriptions/{sub}/resourceGroups/{rg}" + PROVIDER;
    private static final String POOL = "/{pool}";

    private final PoolService pools;

    ClusterPoolController(PoolService pools) {
        this.pools = pools;
    }

    @PutMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ResponseEntity<ClusterPool> put(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @RequestBody(required = false) ClusterPool body) {
        PoolService.Put put = pools.put(ArmId.pool(sub, rg, pool), body);
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(put.pool());
    }

    @PatchMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ClusterPool patch(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @RequestBody(required = false) ClusterPool body) {
        return pools.patch(ArmId.pool(sub, rg, pool), body);
    }

    @GetMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ClusterPool get(@PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        return pools.get(ArmId.pool(sub, rg, pool));
    }

    @DeleteMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ResponseEntity<Void> delete(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        boolean deleted = pools.delete(ArmId.pool(sub, rg, pool));
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    @GetMapping({GROUP + "/clusterpools", GROUP + "/clusterPools"})
    ResourceList<ClusterPool> listByResourceGroup(
            @PathVariable String sub, @PathVariable String rg) {
        return new ResourceList<>(pools.list(sub, rg), null);
    }

    @GetMapping({
        "/subscriptions/{sub}" + PROVIDER + "/clusterpools",
        "/subscriptions/{sub}" + PROVIDER + "/clusterPools"
    })
    ResourceList<ClusterPool> listBySubscription(@PathVariable String sub) {
        return new ResourceList<>(pools.list(sub, null), null);
    }
}
