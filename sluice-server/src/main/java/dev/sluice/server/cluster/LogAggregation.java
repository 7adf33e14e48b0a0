package dev.sluice.server.cluster;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A cluster's job log aggregation as the seeds describe it, set in the cluster's {@code
 * flinkConfiguration}: {@value #ENABLED} turns it on (the seeds' "Job log aggregation" check box),
 * {@value #DIRECTORY} is where the logs go (default {@code <storage>/<deployment id>/logs}) and
 * {@value #INTERVAL} how many seconds apart they are copied (default 600).
 *
 * @param enabled whether the logs are copied
 * @param directory where in storage they are copied to
 * @param interval how long apart
 */
public record LogAggregation(boolean enabled, StorageLocation directory, Duration interval) {

    public static final String ENABLED = "pipeline.log.aggregation.enabled";
    public static final String DIRECTORY = "pipeline.remote.log.dir";
    public static final String INTERVAL = "pipeline.log.aggregation.interval";

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(600);

    /** The settings of a cluster, its flinkConfiguration already validated. */
    public static LogAggregation of(ClusterRecord cluster, Map<String, String> configuration) {
        StorageRoots roots = StorageRoots.forRoot(cluster.storageUri());
        String directory = configuration.get(DIRECTORY);
        StorageLocation path =
                directory == null
                        ? roots.primary()
                                .child(ClusterRegistry.deploymentId(cluster.id(), cluster.name()))
                                .child("logs")
                        : roots.resolve(directory, DIRECTORY);
        String interval = configuration.get(INTERVAL);
        return new LogAggregation(
                "true".equalsIgnoreCase(String.valueOf(configuration.get(ENABLED)).strip()),
                path,
                interval == null ? DEFAULT_INTERVAL : Duration.ofSeconds(seconds(interval)));
    }

    /**
     * Refuses settings a cluster could not aggregate its logs with: a flag that is not a boolean, a
     * directory outside the cluster's storage, an interval that is not a positive number of
     * seconds.
     *
     * @param target the flinkConfiguration's field, for the 400's target
     */
    public static void validate(
            Map<String, String> configuration, String storageUri, String target) {
        String enabled = configuration.get(ENABLED);
        if (enabled != null
                && !enabled.strip().equalsIgnoreCase("true")
                && !enabled.strip().equalsIgnoreCase("false")) {
            throw invalid(
                    target + "." + ENABLED + " must be true or false", target + "." + ENABLED);
        }
        String directory = configuration.get(DIRECTORY);
        if (directory != null) {
            StorageRoots.forRoot(storageUri).resolve(directory, target + "." + DIRECTORY);
        }
        String interval = configuration.get(INTERVAL);
        if (interval != null && seconds(interval) < 1) {
            throw invalid(
                    target
                            + "."
                            + INTERVAL
                            + " must be a whole number of seconds of at least 1, not '"
                            + interval
                            + "'",
                    target + "." + INTERVAL);
        }
    }

    /** Seconds as the seeds write them ("600"), also with Flink's unit ("600 s", "600s"). */
    private static long seconds(String value) {
        String number = value.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*s$", "");
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ApiException invalid(String message, String target) {
        return ApiException.badRequest("InvalidRequestContent", message, target);
    }
}
