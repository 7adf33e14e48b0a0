package dev.sluice.server.arm;

import dev.sluice.api.ClusterPool;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.lifecycle.ClusterService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The provider-level operations of the spec: {@code Operations_List}, {@code
 * Locations_CheckNameAvailability} and the versions a location offers ({@code
 * AvailableClusterVersions_ListByLocation}: the bundled Flink versions; {@code
 * AvailableClusterPoolVersions_ListByLocation}: the one pool version Sluice has).
 */
@RestController
class ProviderController {

    static final String POOL_VERSION = "1.2";
    private static final String LOCATION =
            "/subscriptions/{sub}" + ClusterPoolController.PROVIDER + "/locations/{location}";
    private static final String POOL_TYPE = "Microsoft.HDInsight/clusterPools";
    private static final String CLUSTER_TYPE = "Microsoft.HDInsight/clusterPools/clusters";

    private final PoolService pools;
    private final ClusterService clusters;
    private final DeploymentTargets targets;

    ProviderController(PoolService pools, ClusterService clusters, DeploymentTargets targets) {
        this.pools = pools;
        this.clusters = clusters;
        this.targets = targets;
    }

    @GetMapping(ClusterPoolController.PROVIDER + "/operations")
    Map<String, Object> operations() {
        List<Map<String, Object>> value = new ArrayList<>();
        String[][] operations = {
            {"clusterpools", "read", "Get or list cluster pools"},
            {"clusterpools", "write", "Create or update a cluster pool"},
            {"clusterpools", "delete", "Delete a cluster pool"},
            {"clusterpools/clusters", "read", "Get or list clusters"},
            {"clusterpools/clusters", "write", "Create, update, resize or upgrade a cluster"},
            {"clusterpools/clusters", "delete", "Delete a cluster"},
            {"clusterpools/clusters/runjob", "action", "Run a job action on a cluster"},
            {"clusterpools/clusters/jobs", "read", "List a cluster's jobs"},
            {"locations/checknameavailability", "action", "Check a resource name"},
            {"locations/availableclusterversions", "read", "List available cluster versions"},
            {"locations/availableclusterpoolversions", "read", "List available pool versions"},
            {"operations", "read", "List the provider's operations"}
        };
        for (String[] operation : operations) {
            Map<String, Object> display = new LinkedHashMap<>();
            display.put("provider", "Microsoft HDInsight (Sluice)");
            display.put("resource", operation[0]);
            display.put("operation", operation[2]);
            display.put("description", operation[2]);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", "Microsoft.HDInsight/" + operation[0] + "/" + operation[1]);
            entry.put("isDataAction", false);
            entry.put("display", display);
            entry.put("origin", "user,system");
            value.add(entry);
        }
        return Map.of("value", value);
    }

    /** Whether a pool name ({@code pool}) or cluster name ({@code pool/cluster}) is taken. */
    @PostMapping(LOCATION + "/checkNameAvailability")
    Map<String, Object> checkNameAvailability(
            @PathVariable String sub,
            @PathVariable String location,
            @RequestBody(required = false) JsonNode body) {
        String name = body == null ? "" : body.path("name").asString("");
        String type = body == null ? "" : body.path("type").asString("");
        Map<String, Object> answer = new LinkedHashMap<>();
        String invalid = invalid(name, type);
        if (invalid != null) {
            answer.put("nameAvailable", false);
            answer.put("reason", "Invalid");
            answer.put("message", invalid);
            return answer;
        }
        boolean taken =
                type.equalsIgnoreCase(POOL_TYPE) ? poolExists(sub, name) : clusterExists(sub, name);
        answer.put("nameAvailable", !taken);
        if (taken) {
            answer.put("reason", "AlreadyExists");
            answer.put("message", "'" + name + "' is already in use in this subscription");
        }
        return answer;
    }

    @GetMapping(LOCATION + "/availableClusterVersions")
    Map<String, Object> clusterVersions(@PathVariable String sub, @PathVariable String location) {
        List<Map<String, Object>> value = new ArrayList<>();
        for (String version : flinkVersions()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("clusterType", "Flink");
            properties.put("clusterVersion", version);
            properties.put("ossVersion", version);
            properties.put("clusterPoolVersion", POOL_VERSION);
            properties.put("isPreview", false);
            properties.put("components", List.of(Map.of("name", "Flink", "version", version)));
            value.add(
                    entry(
                            sub,
                            location,
                            "availableClusterVersions",
                            "Flink_" + version,
                            properties));
        }
        return Map.of("value", value);
    }

    @GetMapping(LOCATION + "/availableClusterPoolVersions")
    Map<String, Object> poolVersions(@PathVariable String sub, @PathVariable String location) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("clusterPoolVersion", POOL_VERSION);
        properties.put("isPreview", false);
        return Map.of(
                "value",
                List.of(
                        entry(
                                sub,
                                location,
                                "availableClusterPoolVersions",
                                POOL_VERSION,
                                properties)));
    }

    /** ClusterPoolAvailableUpgrades_List: none, a pool has one version. */
    @GetMapping(ClusterPoolController.GROUP + "/clusterpools/{pool}/availableUpgrades")
    Map<String, Object> poolUpgrades(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        pools.get(ArmId.pool(sub, rg, pool));
        return Map.of("value", List.of());
    }

    /** ClusterPoolUpgradeHistories_List: none, a pool is never upgraded. */
    @GetMapping(ClusterPoolController.GROUP + "/clusterpools/{pool}/upgradeHistories")
    Map<String, Object> poolUpgradeHistories(
            @PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        pools.get(ArmId.pool(sub, rg, pool));
        return Map.of("value", List.of());
    }

    /** ClusterPools_Upgrade: refused, there is no other pool version to go to. */
    @PostMapping(ClusterPoolController.GROUP + "/clusterpools/{pool}/upgrade")
    void poolUpgrade(@PathVariable String sub, @PathVariable String rg, @PathVariable String pool) {
        pools.get(ArmId.pool(sub, rg, pool));
        throw ApiException.conflict(
                "NoUpgradeAvailable",
                "Pool '"
                        + pool
                        + "' runs pool version "
                        + POOL_VERSION
                        + ", the only one; a pool holds no software of its own to upgrade."
                        + " Upgrade its clusters (POST .../clusters/{cluster}/upgrade)");
    }

    /** The Flink versions the local target runs (empty when it has none). */
    List<String> flinkVersions() {
        try {
            return targets.get(DeploymentTargets.LOCAL).flinkVersions().versions();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static Map<String, Object> entry(
            String sub, String location, String collection, String name, Object properties) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(
                "id",
                "/subscriptions/"
                        + sub
                        + ClusterPoolController.PROVIDER
                        + "/locations/"
                        + location
                        + "/"
                        + collection
                        + "/"
                        + name);
        entry.put("name", name);
        entry.put("type", "Microsoft.HDInsight/locations/" + collection);
        entry.put("properties", properties);
        return entry;
    }

    private static String invalid(String name, String type) {
        if (!type.equalsIgnoreCase(POOL_TYPE) && !type.equalsIgnoreCase(CLUSTER_TYPE)) {
            return "'type' must be " + POOL_TYPE + " or " + CLUSTER_TYPE;
        }
        String expected = type.equalsIgnoreCase(POOL_TYPE) ? "[^/]+" : "[^/]+/[^/]+";
        if (name.isBlank() || !name.matches(expected) || name.length() > 256) {
            return type.equalsIgnoreCase(POOL_TYPE)
                    ? "A pool name is one path segment"
                    : "A cluster name is written '<pool>/<cluster>'";
        }
        return null;
    }

    private boolean poolExists(String sub, String name) {
        return pools.list(sub, null).stream().anyMatch(p -> p.name().equalsIgnoreCase(name));
    }

    private boolean clusterExists(String sub, String name) {
        String[] parts = name.split("/", 2);
        for (ClusterPool pool : pools.list(sub, null)) {
            if (pool.name().equalsIgnoreCase(parts[0])) {
                ArmId id = ArmId.pool(sub, resourceGroup(pool.id()), pool.name());
                if (clusters.list(id).stream().anyMatch(c -> c.name().equalsIgnoreCase(parts[1]))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The resource group segment of a pool id. */
    private static String resourceGroup(String poolId) {
        String[] segments = poolId.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].toLowerCase(Locale.ROOT).equals("resourcegroups")) {
                return segments[i + 1];
            }
        }
        return "";
    }
}
