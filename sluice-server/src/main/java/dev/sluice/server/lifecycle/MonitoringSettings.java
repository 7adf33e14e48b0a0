package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceLock;
import dev.sluice.server.cluster.ResourceSpecs;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Flink keys a local cluster's monitoring profiles ask for, added to each spec deployed (the
 * cluster's own keys win): Flink's Prometheus reporter when the kept {@code
 * clusterProfile.prometheusProfile.enabled} is true (the target gives each process its port), and a
 * HistoryServer when {@code flinkProfile.historyServer} is set: the JobManager archives finished
 * jobs to {@code <storage>/<deployment id>/completed-jobs}, which the HistoryServer reads, with a
 * heap of three quarters of the profile's memory.
 */
final class MonitoringSettings {

    static final String PROMETHEUS_FACTORY_KEY = "metrics.reporter.prom.factory.class";
    static final String PROMETHEUS_FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    static final String COMPLETED_JOBS = "completed-jobs";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ResourceSpecs specs;
    private final ClusterRegistry registry;
    private final ResourceLock lock;

    MonitoringSettings(ResourceSpecs specs, ClusterRegistry registry, ResourceLock lock) {
        this.specs = specs;
        this.registry = registry;
        this.lock = lock;
    }

    /** The spec with the monitoring keys of a local cluster; an external one's as it is. */
    ClusterSpec apply(ClusterRecord record, ClusterSpec spec) {
        if (record.external()) {
            return spec;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        if (prometheusEnabled(record)) {
            keys.put(PROMETHEUS_FACTORY_KEY, PROMETHEUS_FACTORY);
        }
        ComputeResource historyServer = ClusterDefinition.of(record).flink().historyServer();
        if (historyServer != null && historyServer.memory() != null) {
            String archive = archive(record, spec.deploymentId()).uri();
            keys.put("jobmanager.archive.fs.dir", archive);
            keys.put("historyserver.archive.fs.dir", archive);
            keys.put("env.java.opts.historyserver", "-Xmx" + historyServer.memory() * 3 / 4 + "m");
        }
        if (keys.isEmpty()) {
            return spec;
        }
        keys.putAll(spec.flinkConfiguration());
        return spec.withFlinkConfiguration(keys);
    }

    /** The archive directory, created so that the HistoryServer finds it from its start. */
    private StorageLocation archive(ClusterRecord record, String deploymentId) {
        StorageRoots roots = registry.roots(record);
        StorageLocation archive = roots.primary().child(deploymentId).child(COMPLETED_JOBS);
        try {
            roots.storage().createDirectories(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + archive.uri(), e);
        }
        return archive;
    }

    private boolean prometheusEnabled(ClusterRecord record) {
        Optional<ResourceSpecs.Spec> kept;
        // The API keeps a PUT's spec under this lock, right after the PUT started provisioning.
        synchronized (lock) {
            kept = specs.find(record.id());
        }
        return kept.map(spec -> JSON.readTree(spec.properties()))
                .map(
                        properties ->
                                properties
                                        .path("clusterProfile")
                                        .path("prometheusProfile")
                                        .path("enabled"))
                .map(MonitoringSettings::isTrue)
                .orElse(false);
    }

    private static boolean isTrue(JsonNode enabled) {
        return enabled.isBoolean()
                ? enabled.booleanValue()
                : "true".equalsIgnoreCase(enabled.asString(""));
    }
}
