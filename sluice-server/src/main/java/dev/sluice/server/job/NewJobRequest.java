package dev.sluice.server.job;

import static dev.sluice.server.job.JobService.PARALLELISM;
import static dev.sluice.server.job.JobService.SAVEPOINT_DIRECTORY;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.WebhookKeys;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates a NEW job's request and normalises it into the {@link JobSpec} stored with it. */
final class NewJobRequest {

    static final String DEFAULT_PARALLELISM = "2";

    private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private NewJobRequest() {}

    /** Refuses a bad job name or a missing jar field, before anything looks at storage. */
    static void requireValid(FlinkJobProperties request) {
        String name = request.jobName();
        if (!validJobName(name)) {
            throw ApiException.badRequest(
                    "InvalidJobName",
                    "Job name "
                            + quote(name)
                            + " must be lower case: letters, digits, '.', '_' or '-', starting"
                            + " with a letter or digit, at most 63 characters",
                    "properties.jobName");
        }
        requireField(request.jobJarDirectory(), "jobJarDirectory");
        requireField(request.jarName(), "jarName");
    }

    /**
     * The job's spec: the jar as it is in storage, the entry class (from the manifest when not
     * given), the args and the configuration with its defaults made explicit.
     */
    static JobSpec spec(ClusterRecord cluster, FlinkJobProperties request, StorageRoots roots) {
        StorageLocation jar =
                JarFiles.requireJar(roots, request.jobJarDirectory(), request.jarName());
        String entryClass = request.entryClass();
        if (entryClass == null || entryClass.isBlank()) {
            entryClass =
                    JarFiles.mainClass(roots, jar)
                            .orElseThrow(
                                    () ->
                                            ApiException.badRequest(
                                                    "InvalidRequestContent",
                                                    "properties.entryClass is required (the jar's manifest names no Main-Class)",
                                                    "properties.entryClass"));
        }
        Map<String, String> config =
                configuration(cluster, request.jobName(), request.flinkConfiguration(), roots);
        return new JobSpec(
                request.jobJarDirectory(),
                request.jarName(),
                entryClass,
                blankToNull(request.args()),
                config);
    }

    static boolean validJobName(String name) {
        return JOB_NAME.matcher(name).matches();
    }

    static Map<String, String> configuration(
            ClusterRecord cluster, String name, Map<String, String> requested, StorageRoots roots) {
        Map<String, String> config = new LinkedHashMap<>();
        if (requested != null) {
            requested.forEach(
                    (key, value) -> {
                        if (key == null || key.isBlank() || value == null) {
                            throw ApiException.badRequest(
                                    "InvalidRequestContent",
                                    "flinkConfiguration keys and values must be non-empty strings",
                                    "properties.flinkConfiguration");
                        }
                        config.put(key.trim(), value.trim());
                    });
        }
        String parallelism = config.getOrDefault(PARALLELISM, DEFAULT_PARALLELISM);
        if (!parallelism.matches("[1-9][0-9]{0,4}")) {
            throw ApiException.badRequest(
                    "InvalidParallelism",
                    "flinkConfiguration.parallelism must be a positive integer, not "
                            + quote(parallelism),
                    "properties.flinkConfiguration.parallelism");
        }
        config.put(PARALLELISM, parallelism);
        WebhookKeys.requireUrl(
                config.get(AlertOutbox.URL), "properties.flinkConfiguration." + AlertOutbox.URL);
        String directory = config.get(SAVEPOINT_DIRECTORY);
        if (directory == null || directory.isBlank()) {
            directory = defaultPath(cluster, "savepoints", name);
        }
        // Confined and normalized now, so every later step uses one canonical URI.
        config.put(
                SAVEPOINT_DIRECTORY,
                roots.resolve(directory, "properties.flinkConfiguration." + SAVEPOINT_DIRECTORY)
                        .uri());
        return config;
    }

    static String defaultPath(ClusterRecord cluster, String kind, String jobName) {
        String root =
                cluster.storageUri().endsWith("/")
                        ? cluster.storageUri()
                        : cluster.storageUri() + "/";
        return root
                + ClusterRegistry.deploymentId(cluster.id(), cluster.name())
                + "/"
                + kind
                + "/"
                + jobName;
    }

    static List<String> splitArgs(String args) {
        if (args == null || args.isBlank()) {
            return List.of();
        }
        return Arrays.asList(args.trim().split("\\s+"));
    }

    private static void requireField(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "properties." + field + " is required for NEW",
                    "properties." + field);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
