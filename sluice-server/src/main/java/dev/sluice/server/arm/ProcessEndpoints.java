package dev.sluice.server.arm;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.deploy.DeploymentTarget;
import dev.sluice.server.deploy.DeploymentTargets;
import java.net.URI;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Sluice extension {@code properties.sluiceEndpoints} of a cluster's GET: where its
 * HistoryServer's web UI ({@code historyServer}) and each process's Prometheus scrape URL ({@code
 * prometheus.<process>}) answer now, as its deployment target reports them. Always Sluice's: a
 * value a client PUTs back is replaced.
 */
@Component
class ProcessEndpoints {

    static final String FIELD = "sluiceEndpoints";

    private final ResourceStore store;
    private final DeploymentTargets targets;

    ProcessEndpoints(ResourceStore store, DeploymentTargets targets) {
        this.store = store;
        this.targets = targets;
    }

    /** The rendered cluster with its endpoints (none when its processes show none). */
    JsonNode added(JsonNode rendered, String clusterKey) {
        if (!(rendered.get("properties") instanceof ObjectNode properties)) {
            return rendered;
        }
        properties.remove(FIELD);
        ClusterRecord record = store.findCluster(clusterKey).orElse(null);
        if (record == null || record.external()) {
            return rendered;
        }
        Map<String, URI> endpoints =
                targets.get(ClusterDefinition.target(record))
                        .endpoints(ClusterRegistry.deploymentId(record.id(), record.name()));
        if (endpoints.isEmpty()) {
            return rendered;
        }
        ObjectNode field = properties.putObject(FIELD);
        endpoints.forEach(
                (name, url) -> {
                    if (name.startsWith(DeploymentTarget.PROMETHEUS)) {
                        ObjectNode prometheus =
                                field.get("prometheus") instanceof ObjectNode p
                                        ? p
                                        : field.putObject("prometheus");
                        prometheus.put(
                                name.substring(DeploymentTarget.PROMETHEUS.length()),
                                url.toString());
                    } else {
                        field.put(name, url.toString());
                    }
                });
        return rendered;
    }
}
