package dev.sluice.server.arm;

import dev.sluice.api.Cluster;
import dev.sluice.server.arm.ClusterOperationController.OperationUrls;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.common.WebhookKeys;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.lifecycle.ClusterService;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The cluster operations of the spec beyond CRUD: service configs and instance views from the real
 * cluster, resize (scaled in place), and the upgrade family (available upgrades, upgrade through
 * the PATCH upgrade path, its history; rollback refused with what to do instead).
 */
@RestController
@RequestMapping(ClusterPoolController.GROUP + "/clusterpools/{pool}/clusters/{cluster}")
class ClusterInsightController {

    private final ClusterService clusters;
    private final ClusterRegistry registry;
    private final ResourceStore store;
    private final ProviderController provider;

    ClusterInsightController(
            ClusterService clusters,
            ClusterRegistry registry,
            ResourceStore store,
            ProviderController provider) {
        this.clusters = clusters;
        this.registry = registry;
        this.store = store;
        this.provider = provider;
    }

    /** Clusters_ListServiceConfigs: the Flink configuration the cluster runs with. */
    @GetMapping("/serviceConfigs")
    Map<String, Object> serviceConfigs(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        ClusterRecord record = registry.find(ArmId.cluster(sub, rg, pool, cluster));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("serviceName", "flink");
        properties.put("fileName", "config.yaml");
        properties.put("componentName", "jobmanager");
        properties.put("type", "key-value");
        properties.put(
                "customKeys", WebhookKeys.withoutSecret(registry.flinkConfiguration(record)));
        return Map.of("value", List.of(Map.of("properties", properties)));
    }

    /** Clusters_ListInstanceViews: the one instance view, {@code default}. */
    @GetMapping("/instanceViews")
    Map<String, Object> instanceViews(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        return Map.of("value", List.of(instanceView(sub, rg, pool, cluster)));
    }

    /**
     * Clusters_GetInstanceView: the cluster's state as recorded and, when it has a REST endpoint,
     * as its JobManager reports it now (TaskManagers, slots, running jobs, Flink version).
     */
    @GetMapping("/instanceViews/default")
    Map<String, Object> instanceView(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        ClusterRecord record = registry.find(ArmId.cluster(sub, rg, pool, cluster));
        List<Map<String, Object>> services = new ArrayList<>();
        boolean ready = "Running".equals(record.status());
        String message = record.statusReason();
        if (record.restUrl() != null) {
            try {
                ClusterOverview overview = registry.client(record).overview();
                services.add(
                        service(
                                "JobManager",
                                true,
                                "Flink "
                                        + overview.flinkVersion()
                                        + " at "
                                        + record.restUrl()
                                        + "; "
                                        + overview.jobsRunning()
                                        + " job(s) running"));
                services.add(
                        service(
                                "TaskManager",
                                overview.taskManagers() > 0,
                                overview.taskManagers()
                                        + " TaskManager(s), "
                                        + overview.slotsAvailable()
                                        + " of "
                                        + overview.slotsTotal()
                                        + " slots free"));
            } catch (RuntimeException e) {
                ready = false;
                message = "The JobManager does not answer at " + record.restUrl();
                services.add(service("JobManager", false, message));
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("ready", String.valueOf(ready));
        status.put("reason", record.status());
        if (message != null) {
            status.put("message", message);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("status", status);
        properties.put("serviceStatuses", services);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", "default");
        view.put("properties", properties);
        return view;
    }

    /**
     * Clusters_Resize: 202 with the operation that scales the TaskManagers of a running session
     * cluster in place (its JobManager and jobs keep running); 200 when it has that many already.
     */
    @PostMapping("/resize")
    ResponseEntity<Cluster> resize(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) JsonNode body) {
        JsonNode count = body == null ? null : body.path("properties").get("targetWorkerNodeCount");
        if (count == null || !count.canConvertToInt() || count.asInt() < 1) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "'properties.targetWorkerNodeCount' must be a number of TaskManagers, 1 or more",
                    "properties.targetWorkerNodeCount");
        }
        ClusterService.Patched resized =
                clusters.resize(ArmId.cluster(sub, rg, pool, cluster), count.asInt());
        if (resized.upgrade().isEmpty()) {
            return ResponseEntity.ok(resized.cluster());
        }
        return OperationUrls.of(
                        sub, resized.cluster().location(), resized.upgrade().get(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .body(resized.cluster());
    }

    /** Clusters_ListAvailableUpgrades: the other bundled Flink versions. */
    @GetMapping("/availableUpgrades")
    Map<String, Object> availableUpgrades(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        ClusterRecord record = registry.find(ArmId.cluster(sub, rg, pool, cluster));
        List<Map<String, Object>> value = new ArrayList<>();
        for (String version : provider.flinkVersions()) {
            if (version.equals(record.flinkVersion())) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("upgradeType", "PatchVersionUpgrade");
            properties.put("description", "Flink " + version);
            properties.put("sourceOssVersion", record.flinkVersion());
            properties.put("targetOssVersion", version);
            properties.put("componentName", "Flink");
            properties.put("severity", "low");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", "Flink_" + version);
            entry.put("type", "Microsoft.HDInsight/clusterPools/clusters/availableUpgrades");
            entry.put("properties", properties);
            value.add(entry);
        }
        return Map.of("value", value);
    }

    /**
     * Clusters_Upgrade: {@code targetOssVersion} through the PATCH upgrade path (an
     * Application-mode cluster; a session cluster's version is fixed at creation, 409).
     */
    @PostMapping("/upgrade")
    ResponseEntity<Cluster> upgrade(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) JsonNode body,
            Principal principal) {
        JsonNode properties = body == null ? null : body.path("properties");
        String target =
                properties == null
                        ? ""
                        : properties
                                .path("targetOssVersion")
                                .asString(properties.path("targetClusterVersion").asString(""));
        if (target.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "Name the Flink version in 'properties.targetOssVersion'; available: "
                            + provider.flinkVersions(),
                    "properties.targetOssVersion");
        }
        Cluster patch =
                new Cluster(
                        null,
                        null,
                        null,
                        null,
                        null,
                        new Cluster.Properties(
                                null,
                                null,
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile(
                                        null,
                                        null,
                                        new Cluster.FlinkProfile(
                                                null, null, null, null, null, null, target, null,
                                                null))));
        ClusterService.Patched patched =
                clusters.patch(
                        ArmId.cluster(sub, rg, pool, cluster),
                        patch,
                        principal == null ? "anonymous" : principal.getName());
        if (patched.upgrade().isEmpty()) {
            return ResponseEntity.ok(patched.cluster());
        }
        return OperationUrls.of(
                        sub, patched.cluster().location(), patched.upgrade().get(), apiVersion)
                .headers(ResponseEntity.status(HttpStatus.ACCEPTED))
                .body(patched.cluster());
    }

    /** Clusters_ListUpgradeHistory: the cluster's upgrade operations. */
    @GetMapping("/upgradeHistories")
    Map<String, Object> upgradeHistories(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        registry.find(id);
        List<Map<String, Object>> value = new ArrayList<>();
        for (OperationRecord operation :
                store.listOperations(id.clusterKey(), ClusterOperation.UPGRADE_KIND)) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("upgradeType", "PatchVersionUpgrade");
            properties.put("utcTime", operation.createdAt().toString());
            properties.put("upgradeResult", upgradeResult(operation.status()));
            if (operation.error() != null) {
                properties.put("message", operation.error());
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", id.clusterPath() + "/upgradeHistories/" + operation.id());
            entry.put("name", operation.id());
            entry.put("type", "Microsoft.HDInsight/clusterPools/clusters/upgradeHistories");
            entry.put("properties", properties);
            value.add(entry);
        }
        return Map.of("value", value);
    }

    /** Clusters_UpgradeManualRollback: refused; upgrading back to the old version is the way. */
    @PostMapping("/rollback")
    void rollback(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        registry.find(ArmId.cluster(sub, rg, pool, cluster));
        throw ApiException.conflict(
                "RollbackNotSupported",
                "Sluice keeps no rollback image: upgrade again to the previous version"
                        + " (POST .../upgrade with properties.targetOssVersion), which restores"
                        + " the job from a savepoint as any upgrade does");
    }

    private static String upgradeResult(String status) {
        return switch (status) {
            case "Succeeded" -> "Succeed";
            case "Failed" -> "Failed";
            default -> "InProgress";
        };
    }

    private static Map<String, Object> service(String kind, boolean ready, String message) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("kind", kind);
        service.put("ready", String.valueOf(ready));
        service.put("message", message);
        return service;
    }
}
