package dev.sluice.server.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.WebhookKeys;
import dev.sluice.server.deploy.ApplicationRun;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentTargets;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Flink cluster as Sluice accepted it: the request's Flink profile with every default filled in,
 * which is what is persisted (as the record's {@code properties}) and what its deployment target
 * runs, also after a server restart.
 *
 * @param clusterVersion the request's clusterVersion, echoed
 * @param ossVersion the request's ossVersion, echoed
 * @param flink the normalized Flink profile: canonical storage URI, no storage key, defaults set
 * @param runtimeVersion full version of the bundled runtime a local cluster runs; null for an
 *     external cluster
 */
public record ClusterDefinition(
        String clusterVersion, String ossVersion, FlinkProfile flink, String runtimeVersion) {

    public static final String CLUSTER_TYPE = "Flink";
    public static final String SESSION = "Session";
    static final String APPLICATION = "Application";
    public static final String SLOTS_KEY = "taskmanager.numberOfTaskSlots";

    /** Keys of a cluster's flinkConfiguration that Sluice reads and never passes to Flink. */
    static final String SLUICE_PREFIX = "sluice.";

    // Our own mapper: the stored format must not change when someone tunes the web API's mapper.
    private static final JsonMapper JSON =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Sluice only talks to an external cluster's REST URL; it runs no process for it. */
    public boolean external() {
        return flink.restUrl() != null;
    }

    public String storageUri() {
        return flink.storage().storageUri();
    }

    /** An Application-mode cluster: dedicated to the one job of its jobSpec. */
    public boolean application() {
        return APPLICATION.equalsIgnoreCase(flink.deploymentMode());
    }

    /**
     * Task slots per TaskManager: the configured {@value #SLOTS_KEY}, else one per core with at
     * least two, so that a default cluster can run a job of parallelism 2; {@link #spec} gives the
     * target this many.
     */
    public int slotsPerTaskManager() {
        String configured = flink.flinkConfiguration().get(SLOTS_KEY);
        if (configured != null) {
            return Integer.parseInt(configured.trim());
        }
        return Math.max(2, (int) Math.ceil(flink.taskManager().cpu()));
    }

    /** The deployment target a cluster runs on: the one its REST URL implies. */
    public static String target(ClusterRecord record) {
        return target(record.external());
    }

    /** The deployment target of a cluster that is (or is not) only reached at a REST URL. */
    public static String target(boolean external) {
        return external ? DeploymentTargets.EXTERNAL : DeploymentTargets.LOCAL;
    }

    /** What the cluster's deployment target runs, under the cluster's deployment id. */
    public ClusterSpec spec(String deploymentId) {
        return spec(deploymentId, forFlink(flink.flinkConfiguration()), null);
    }

    /**
     * A configuration without Sluice's own {@code sluice.*} keys (a webhook and its secret), which
     * are not Flink's and never go into its {@code config.yaml}.
     */
    public static Map<String, String> forFlink(Map<String, String> configuration) {
        Map<String, String> flinkKeys = new LinkedHashMap<>(configuration);
        flinkKeys.keySet().removeIf(key -> key.startsWith(SLUICE_PREFIX));
        return flinkKeys;
    }

    /**
     * This definition as a re-PUT means it: the webhook secret, which no GET shows and so a GET →
     * PUT round trip leaves out, stays while the webhook URL does; an empty secret removes it.
     */
    public ClusterDefinition withWebhookSecretKept(Optional<ClusterRecord> existing) {
        Map<String, String> sent = flink.flinkConfiguration();
        Map<String, String> next = new TreeMap<>(sent);
        if (sent.containsKey(WebhookKeys.SECRET)) {
            if (!sent.get(WebhookKeys.SECRET).isEmpty()) {
                return this;
            }
            next.remove(WebhookKeys.SECRET);
            return withFlinkConfiguration(next);
        }
        Map<String, String> before;
        try {
            before =
                    existing.isEmpty() ? Map.of() : of(existing.get()).flink().flinkConfiguration();
        } catch (RuntimeException e) {
            return this; // nothing readable to keep
        }
        String kept = before.get(WebhookKeys.SECRET);
        if (kept == null
                || !Objects.equals(sent.get(WebhookKeys.URL), before.get(WebhookKeys.URL))) {
            return this;
        }
        next.put(WebhookKeys.SECRET, kept);
        return withFlinkConfiguration(next);
    }

    /**
     * An application cluster's deployment: the cluster with the job's Flink configuration (merged
     * by the caller) and the run of the job.
     */
    public ClusterSpec spec(
            String deploymentId, Map<String, String> configuration, ApplicationRun run) {
        return new ClusterSpec(
                deploymentId,
                flink.flinkVersion(),
                resources(flink.jobManager()),
                resources(flink.taskManager()),
                flink.numReplicas() == null ? 0 : flink.numReplicas(),
                external() ? 0 : slotsPerTaskManager(),
                configuration,
                run,
                external() ? URI.create(flink.restUrl()) : null);
    }

    private static ClusterSpec.Resources resources(ComputeResource compute) {
        return compute == null || compute.cpu() == null || compute.memory() == null
                ? null
                : new ClusterSpec.Resources(compute.cpu(), Math.toIntExact(compute.memory()));
    }

    /**
     * The {@code properties} JSON a cluster record keeps: the accepted profile plus the id of the
     * resource's current long-running operation, so that a restarted server can finish it.
     */
    public String toJson(String operationId) {
        return JSON.writeValueAsString(
                new Stored(
                        CLUSTER_TYPE,
                        new Cluster.ClusterProfile(clusterVersion, ossVersion, flink),
                        operationId));
    }

    /** The definition a record was created from. */
    public static ClusterDefinition of(ClusterRecord record) {
        Stored stored = read(record);
        Cluster.ClusterProfile profile = stored.clusterProfile();
        FlinkProfile flink = profile == null ? null : profile.flinkProfile();
        if (flink == null || flink.storage() == null) {
            throw new IllegalStateException(
                    "The stored definition of cluster " + record.id() + " has no Flink profile");
        }
        return new ClusterDefinition(
                profile.clusterVersion(),
                profile.ossVersion(),
                new FlinkProfile(
                        flink.storage(),
                        flink.jobManager(),
                        flink.taskManager(),
                        flink.historyServer(),
                        flink.numReplicas(),
                        flink.deploymentMode(),
                        flink.flinkVersion(),
                        flink.restUrl(),
                        flink.flinkConfiguration() == null ? Map.of() : flink.flinkConfiguration(),
                        flink.jobSpec()),
                record.external() ? null : record.flinkVersion());
    }

    /** The id of the record's current (or last) long-running operation, if any. */
    public static Optional<String> operationId(ClusterRecord record) {
        return Optional.ofNullable(read(record).operationId());
    }

    private static Stored read(ClusterRecord record) {
        if (record.properties() == null || record.properties().isBlank()) {
            return new Stored(CLUSTER_TYPE, null, null);
        }
        return JSON.readValue(record.properties(), Stored.class);
    }

    /** The stored shape: the wire's cluster properties that matter, plus the operation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(String clusterType, Cluster.ClusterProfile clusterProfile, String operationId) {}

    /**
     * The fields a re-PUT would change that a running cluster cannot take yet: everything but tags
     * and flinkConfiguration.
     */
    public List<String> unsupportedChanges(ClusterDefinition requested) {
        FlinkProfile now = flink;
        FlinkProfile next = requested.flink;
        String prefix = "properties.clusterProfile.flinkProfile.";
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(now.restUrl(), next.restUrl())) {
            changed.add(prefix + "restUrl");
        }
        if (!Objects.equals(storageUri(), requested.storageUri())) {
            changed.add(prefix + "storage.storageUri");
        }
        if (!external() && !Objects.equals(runtimeVersion, requested.runtimeVersion)) {
            changed.add(prefix + "flinkVersion");
        }
        if (!Objects.equals(now.jobManager(), next.jobManager())) {
            changed.add(prefix + "jobManager");
        }
        if (!Objects.equals(now.taskManager(), next.taskManager())) {
            changed.add(prefix + "taskManager");
        }
        if (!Objects.equals(now.numReplicas(), next.numReplicas())) {
            changed.add(prefix + "numReplicas");
        }
        if (!Objects.equals(now.historyServer(), next.historyServer())) {
            changed.add(prefix + "historyServer");
        }
        if (application() != requested.application()) {
            changed.add(prefix + "deploymentMode");
        }
        if (!Objects.equals(now.jobSpec(), next.jobSpec())) {
            changed.add(prefix + "jobSpec");
        }
        return changed;
    }

    /** This definition with another Flink configuration (the one change a re-PUT may make). */
    public ClusterDefinition withFlinkConfiguration(Map<String, String> configuration) {
        return with(flink.flinkVersion(), runtimeVersion, configuration, flink.jobSpec());
    }

    /** This definition with another number of TaskManagers (a resize). */
    public ClusterDefinition withNumReplicas(int numReplicas) {
        return new ClusterDefinition(
                clusterVersion,
                ossVersion,
                new FlinkProfile(
                        flink.storage(),
                        flink.jobManager(),
                        flink.taskManager(),
                        flink.historyServer(),
                        numReplicas,
                        flink.deploymentMode(),
                        flink.flinkVersion(),
                        flink.restUrl(),
                        flink.flinkConfiguration(),
                        flink.jobSpec()),
                runtimeVersion);
    }

    /** An application cluster after an upgrade: another Flink version and job. */
    public ClusterDefinition withUpgrade(
            String flinkVersion, String newRuntimeVersion, Cluster.FlinkJobProfile jobSpec) {
        return with(flinkVersion, newRuntimeVersion, flink.flinkConfiguration(), jobSpec);
    }

    private ClusterDefinition with(
            String flinkVersion,
            String newRuntimeVersion,
            Map<String, String> configuration,
            Cluster.FlinkJobProfile jobSpec) {
        return new ClusterDefinition(
                clusterVersion,
                ossVersion,
                new FlinkProfile(
                        flink.storage(),
                        flink.jobManager(),
                        flink.taskManager(),
                        flink.historyServer(),
                        flink.numReplicas(),
                        flink.deploymentMode(),
                        flinkVersion,
                        flink.restUrl(),
                        configuration,
                        jobSpec),
                newRuntimeVersion);
    }
}
