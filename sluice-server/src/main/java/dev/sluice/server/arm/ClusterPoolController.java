package dev.sluice.server.arm;

import dev.sluice.api.ClusterPool;
import dev.sluice.api.ResourceList;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.common.ArmId;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    private final KeptSpecs specs;
    private final JsonMapper json;

    ClusterPoolController(PoolService pools, KeptSpecs specs, JsonMapper json) {
        this.pools = pools;
        this.specs = specs;
        this.json = json;
    }

    @PutMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ResponseEntity<JsonNode> put(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @RequestBody(required = false) JsonNode body,
            Principal principal) {
        ArmId id = ArmId.pool(sub, rg, pool);
        PoolService.Put put = pools.put(id, typed(body));
        specs.keep(id.poolKey(), body, principal, put.created());
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(specs.render(id.poolKey(), put.pool()));
    }

    @PatchMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    JsonNode patch(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @RequestBody(required = false) JsonNode body,
            Principal principal) {
        ArmId id = ArmId.pool(sub, rg, pool);
        ClusterPool patched = pools.patch(id, typed(body));
        specs.patch(id.poolKey(), body, principal);
        return specs.render(id.poolKey(), patched);
    }

    @GetMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    JsonNode get(@PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        ArmId id = ArmId.pool(sub, rg, pool);
        return specs.render(id.poolKey(), pools.get(id));
    }

    @DeleteMapping({GROUP + "/clusterpools" + POOL, GROUP + "/clusterPools" + POOL})
    ResponseEntity<Void> delete(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        ArmId id = ArmId.pool(sub, rg, pool);
        boolean deleted = pools.delete(id);
        if (deleted) {
            specs.forget(id.poolKey());
        }
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    @GetMapping({GROUP + "/clusterpools", GROUP + "/clusterPools"})
    ResourceList<JsonNode> listByResourceGroup(@PathVariable String sub, @PathVariable String rg) {
        return rendered(pools.list(sub, rg));
    }

    @GetMapping({
        "/subscriptions/{sub}" + PROVIDER + "/clusterpools",
        "/subscriptions/{sub}" + PROVIDER + "/clusterPools"
    })
    ResourceList<JsonNode> listBySubscription(@PathVariable String sub) {
        return rendered(pools.list(sub, null));
    }

    private ResourceList<JsonNode> rendered(List<ClusterPool> list) {
        return new ResourceList<>(
                list.stream().map(p -> specs.render(p.id().toLowerCase(Locale.ROOT), p)).toList(),
                null);
    }

    /** The body as the service reads it; what it does not model stays in {@link KeptSpecs}. */
    private ClusterPool typed(JsonNode body) {
        return body == null || body.isNull() ? null : json.treeToValue(body, ClusterPool.class);
    }
}
