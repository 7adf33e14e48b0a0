package dev.sluice.server.cluster;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.WebhookKeys;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.storage.StorageSchemes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a cluster PUT body and fills in the defaults, answering every mistake as a 400 that names
 * the field, before anything is persisted or started.
 */
public final class ClusterValidator {

    static final String DEFAULT_FLINK_VERSION = "1.20";
    static final long DEFAULT_MEMORY_MB = 1800;
    static final double DEFAULT_CPU = 1;

    public static final String PROFILE = "properties.clusterProfile.flinkProfile";
    public static final String STORAGE_URI = PROFILE + ".storage.storageUri";

    private static final long MAX_MEMORY_MB = 1024 * 1024;
    private static final double MAX_CPU = 256;
    // Local TaskManagers are processes on this machine: a typo of 1000 must not fork 1000 JVMs.
    private static final int MAX_REPLICAS = 64;
    private static final int MAX_TAGS = 50;
    private static final int MAX_CONFIG_ENTRIES = 500;
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._()-]{0,127}");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,255}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

    // Sluice derives these from jobManager/taskManager; a second source would make GET lie.
    private static final Map<String, String> DERIVED_KEYS =
            Map.of(
                    "jobmanager.memory.process.size", PROFILE + ".jobManager.memory",
                    "taskmanager.memory.process.size", PROFILE + ".taskManager.memory",
                    "taskmanager.cpu.cores", PROFILE + ".taskManager.cpu");

    private final DeploymentTargets targets;
    private final int minMemoryMb;

    ClusterValidator(DeploymentTargets targets, int minMemoryMb) {
        this.targets = targets;
        this.minMemoryMb = minMemoryMb;
    }

    /** The accepted definition of a PUT body. */
    public ClusterDefinition validate(Cluster body) {
        if (body == null) {
            throw invalid("The request body is required: a cluster resource", null);
        }
        location(body.location());
        tags(body.tags());
        Cluster.Properties properties = body.properties();
        if (properties == null) {
            throw invalid("'properties' is required", "properties");
        }
        if (properties.clusterType() == null
                || !properties.clusterType().equalsIgnoreCase(ClusterDefinition.CLUSTER_TYPE)) {
            throw ApiException.badRequest(
                    "InvalidClusterType",
                    "properties.clusterType must be \"Flink\""
                            + (properties.clusterType() == null
                                    ? ""
                                    : ", not \"" + properties.clusterType() + "\"")
                            + "; Sluice runs Flink clusters only",
                    "properties.clusterType");
        }
        Cluster.ClusterProfile profile = properties.clusterProfile();
        if (profile == null || profile.flinkProfile() == null) {
            throw invalid(PROFILE + " is required for a Flink cluster", PROFILE);
        }
        FlinkProfile flink = profile.flinkProfile();
        String restUrl = restUrl(flink.restUrl());
        boolean external = restUrl != null;
        String mode = DeploymentModeValidator.deploymentMode(flink.deploymentMode(), external);
        String storageUri = storageUri(flink.storage());
        Cluster.FlinkJobProfile jobSpec =
                DeploymentModeValidator.jobSpec(flink.jobSpec(), mode, storageUri);
        // ossVersion (the spec's) selects the bundled Flink version too; flinkVersion wins.
        String versionField =
                flink.flinkVersion() == null && profile.ossVersion() != null
                        ? "properties.clusterProfile.ossVersion"
                        : PROFILE + ".flinkVersion";
        String requestedVersion =
                flink.flinkVersion() != null
                        ? flink.flinkVersion().strip()
                        : profile.ossVersion() != null && !profile.ossVersion().isBlank()
                                ? profile.ossVersion().strip()
                                : DEFAULT_FLINK_VERSION;
        String runtimeVersion = external ? null : runtimeVersion(requestedVersion, versionField);
        Map<String, String> configuration =
                configuration(
                        flink.flinkConfiguration(), external, PROFILE + ".flinkConfiguration");
        if (!external) {
            LogAggregation.validate(configuration, storageUri, PROFILE + ".flinkConfiguration");
        }
        WebhookKeys.requireUrl(
                configuration.get(WebhookKeys.URL),
                PROFILE + ".flinkConfiguration." + WebhookKeys.URL);
        FlinkProfile normalized =
                new FlinkProfile(
                        new Cluster.Storage(storageUri, null),
                        compute(flink.jobManager(), "jobManager", external),
                        compute(flink.taskManager(), "taskManager", external),
                        flink.historyServer() == null
                                ? null
                                : compute(flink.historyServer(), "historyServer", external),
                        replicas(flink.numReplicas(), external),
                        mode,
                        external && flink.flinkVersion() == null ? null : requestedVersion,
                        restUrl,
                        configuration,
                        jobSpec);
        return new ClusterDefinition(
                profile.clusterVersion(), profile.ossVersion(), normalized, runtimeVersion);
    }

    /** An ARM location: required, and safe to put in an operation URL. */
    static String location(String location) {
        if (location == null || location.isBlank()) {
            throw invalid(
                    "'location' is required, for example \"local\" or \"westeurope\"", "location");
        }
        if (!LOCATION.matcher(location).matches()) {
            throw invalid(
                    "'location' \""
                            + location
                            + "\" is not a location name (letters, digits, spaces, . _ ( ) -)",
                    "location");
        }
        return location;
    }

    /** ARM tags: at most 50, keys up to 512 and values up to 256 characters, no nulls. */
    public static Map<String, String> tags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid("At most " + MAX_TAGS + " tags are allowed, not " + tags.size(), "tags");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isBlank() || key.length() > 512) {
                throw invalid("Tag names must have 1 to 512 characters", "tags");
            }
            if (tag.getValue() == null || tag.getValue().length() > 256) {
                throw invalid(
                        "Tag '" + key + "' needs a string value of at most 256 characters",
                        "tags." + key);
            }
        }
        return Map.copyOf(tags);
    }

    /** How a Flink version change carries the job's state; UPDATE when not given. */
    public static String upgradeMode(String mode) {
        return DeploymentModeValidator.upgradeMode(mode);
    }

    /** An external cluster's Flink REST URL, or null for a cluster Sluice runs itself. */
    private static String restUrl(String value) {
        if (value == null) {
            return null;
        }
        String target = PROFILE + ".restUrl";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw invalid(target + " '" + value + "' is not a URL: " + e.getReason(), target);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw invalid(
                    target
                            + " '"
                            + value
                            + "' must be an http(s) URL of a Flink REST endpoint, for example"
                            + " http://flink-jobmanager:8081",
                    target);
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            // Credentials would be persisted and shown by every GET.
            throw invalid(target + " must not carry credentials, a query or a fragment", target);
        }
        String url = uri.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The canonical URI of the storage root: file:/// or an Azure URI (abfs[s], wasb[s]). */
    private static String storageUri(Cluster.Storage storage) {
        if (storage == null || storage.storageUri() == null || storage.storageUri().isBlank()) {
            throw invalid(
                    STORAGE_URI + " is required: a file:/// URI or an absolute path", STORAGE_URI);
        }
        String value = storage.storageUri().strip();
        if (StorageSchemes.isAzure(value)) {
            try {
                return StorageRoots.forRoot(value).primary().uri();
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                        "InvalidStoragePath", STORAGE_URI + ": " + e.getMessage(), STORAGE_URI);
            }
        }
        if (!value.startsWith("/") && !SCHEME.matcher(value).find()) {
            throw ApiException.badRequest(
                    "InvalidStoragePath",
                    STORAGE_URI + " '" + value + "' must be absolute: file:///path or /path",
                    STORAGE_URI);
        }
        // Any absolute local path may be a cluster's storage root: confining to "/" checks the
        // syntax, the scheme and '..' the one way StorageRoots does for every path.
        return StorageRoots.forRoot("/").resolve(value, STORAGE_URI).uri();
    }

    private String runtimeVersion(String requested, String field) {
        try {
            return targets.get(ClusterDefinition.target(false)).flinkVersions().resolve(requested);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidFlinkVersion", e.getMessage(), field);
        }
    }

    /**
     * The processes' size. Sluice sizes the processes of a local cluster, so defaults and the
     * minimum apply; an external cluster's values are only recorded.
     */
    private ComputeResource compute(ComputeResource given, String name, boolean external) {
        String target = PROFILE + "." + name;
        Double cpu = given == null ? null : given.cpu();
        Long memory = given == null ? null : given.memory();
        if (cpu != null && (!(cpu > 0) || cpu > MAX_CPU)) {
            throw invalid(target + ".cpu must be above 0 and at most " + MAX_CPU, target + ".cpu");
        }
        if (memory != null && (memory <= 0 || memory > MAX_MEMORY_MB)) {
            throw ApiException.badRequest(
                    "InvalidMemory",
                    target + ".memory must be a positive number of MB up to " + MAX_MEMORY_MB,
                    target + ".memory");
        }
        if (external) {
            return given;
        }
        long mb = memory == null ? DEFAULT_MEMORY_MB : memory;
        if (mb < minMemoryMb) {
            throw ApiException.badRequest(
                    "InvalidMemory",
                    target
                            + ".memory is "
                            + mb
                            + " MB; the minimum is "
                            + minMemoryMb
                            + " MB per process",
                    target + ".memory");
        }
        return new ComputeResource(cpu == null ? DEFAULT_CPU : cpu, mb);
    }

    private static Integer replicas(Integer replicas, boolean external) {
        String target = PROFILE + ".numReplicas";
        if (replicas != null && (replicas < 1 || replicas > MAX_REPLICAS)) {
            throw invalid(
                    target
                            + " is the number of TaskManagers: 1 to "
                            + MAX_REPLICAS
                            + ", not "
                            + replicas,
                    target);
        }
        return replicas == null && !external ? Integer.valueOf(1) : replicas;
    }

    /** A flinkConfiguration map (the cluster's or a jobSpec's), checked and sorted by key. */
    static Map<String, String> configuration(
            Map<String, String> configuration, boolean external, String target) {
        if (configuration == null) {
            return Map.of();
        }
        if (configuration.size() > MAX_CONFIG_ENTRIES) {
            throw invalid(target + " has more than " + MAX_CONFIG_ENTRIES + " entries", target);
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : configuration.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key == null || !CONFIG_KEY.matcher(key).matches()) {
                throw invalid(
                        target
                                + " key '"
                                + key
                                + "' is not a Flink option name (letters, digits, . _ -)",
                        target);
            }
            if (value == null || value.length() > 8192 || CONTROL.matcher(value).find()) {
                throw invalid(
                        target
                                + "."
                                + key
                                + " needs a single-line string value of at most 8192 characters",
                        target + "." + key);
            }
            if (!external && DERIVED_KEYS.containsKey(key)) {
                throw invalid(
                        target + "." + key + " is set by Sluice; give " + DERIVED_KEYS.get(key),
                        target + "." + key);
            }
            sorted.put(key, value);
        }
        String slots = sorted.get(ClusterDefinition.SLOTS_KEY);
        if (slots != null && !external) {
            int parsed;
            try {
                parsed = Integer.parseInt(slots.trim());
            } catch (NumberFormatException e) {
                parsed = 0;
            }
            if (parsed < 1 || parsed > 1024) {
                String slotsTarget = target + "." + ClusterDefinition.SLOTS_KEY;
                throw invalid(
                        slotsTarget + " must be a whole number from 1 to 1024, not '" + slots + "'",
                        slotsTarget);
            }
        }
        return sorted;
    }

    /** The body's flinkProfile.restUrl, or null wherever the body stops short of it. */
    public static String restUrlOf(Cluster body) {
        if (body == null
                || body.properties() == null
                || body.properties().clusterProfile() == null
                || body.properties().clusterProfile().flinkProfile() == null) {
            return null;
        }
        return body.properties().clusterProfile().flinkProfile().restUrl();
    }

    /** The same body without flinkProfile.restUrl; only called when {@link #restUrlOf} has one. */
    public static Cluster withoutRestUrl(Cluster body) {
        Cluster.Properties p = body.properties();
        FlinkProfile flink = p.clusterProfile().flinkProfile();
        FlinkProfile local =
                new FlinkProfile(
                        flink.storage(),
                        flink.jobManager(),
                        flink.taskManager(),
                        flink.historyServer(),
                        flink.numReplicas(),
                        flink.deploymentMode(),
                        flink.flinkVersion(),
                        null,
                        flink.flinkConfiguration(),
                        flink.jobSpec());
        return new Cluster(
                body.id(),
                body.name(),
                body.type(),
                body.location(),
                body.tags(),
                new Cluster.Properties(
                        p.provisioningState(),
                        p.clusterType(),
                        p.deploymentId(),
                        p.status(),
                        p.statusReason(),
                        new Cluster.ClusterProfile(
                                p.clusterProfile().clusterVersion(),
                                p.clusterProfile().ossVersion(),
                                local)));
    }

    static ApiException invalid(String message, String target) {
        return ApiException.badRequest("InvalidRequestContent", message, target);
    }
}
