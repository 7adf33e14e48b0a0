package dev.sluice.server.job;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration one run of a job gets: Sluice's defaults (retained checkpoints under the
 * job's default directory) under the cluster's {@code flinkConfiguration} under the job's own keys.
 */
public final class RunConfiguration {

    public static final String CHECKPOINT_DIR = "execution.checkpointing.dir";
    public static final String LEGACY_CHECKPOINT_DIR = "state.checkpoints.dir";
    public static final String RETENTION =
            "execution.checkpointing.externalized-checkpoint-retention";
    public static final String INTERVAL = "execution.checkpointing.interval";

    /** Keys of a job's flinkConfiguration that Sluice reads and never passes to Flink. */
    public static final String SLUICE_PREFIX = "sluice.";

    /** Flink's name for what Sluice calls {@code parallelism}. */
    public static final String DEFAULT_PARALLELISM = "parallelism.default";

    private RunConfiguration() {}

    /**
     * The job's keys (without Sluice's own {@code parallelism}, {@code savepoint.directory} and
     * {@code sluice.*}) plus a default for each checkpoint setting that neither the job nor the
     * cluster sets. A session job passes these with its submission, over the cluster's
     * configuration.
     */
    public static Map<String, String> jobKeys(
            Job job,
            ClusterRecord cluster,
            Map<String, String> clusterConfiguration,
            Duration checkpointInterval) {
        Map<String, String> config = new LinkedHashMap<>(job.spec().flinkConfiguration());
        config.remove(JobService.PARALLELISM);
        config.remove(JobService.SAVEPOINT_DIRECTORY);
        // Sluice's own policies (savepoint schedule, retention, restarts) are not Flink's.
        config.keySet().removeIf(key -> key.startsWith(SLUICE_PREFIX));
        if (!setAnywhere(config, clusterConfiguration, CHECKPOINT_DIR)
                && !setAnywhere(config, clusterConfiguration, LEGACY_CHECKPOINT_DIR)) {
            config.put(CHECKPOINT_DIR, JobService.defaultPath(cluster, "checkpoints", job.name()));
        }
        if (!setAnywhere(config, clusterConfiguration, RETENTION)) {
            config.put(RETENTION, "RETAIN_ON_CANCELLATION");
        }
        if (!setAnywhere(config, clusterConfiguration, INTERVAL)) {
            config.put(INTERVAL, checkpointInterval.toMillis() + "ms");
        }
        return config;
    }

    /**
     * The whole configuration of an application cluster's processes, which run exactly this job:
     * the cluster's keys, the job's keys over them, and the job's parallelism as Flink's default.
     */
    public static Map<String, String> applicationKeys(
            Job job,
            ClusterRecord cluster,
            Map<String, String> clusterConfiguration,
            Duration checkpointInterval) {
        Map<String, String> config = ClusterDefinition.forFlink(clusterConfiguration);
        config.putAll(jobKeys(job, cluster, clusterConfiguration, checkpointInterval));
        String parallelism = job.spec().flinkConfiguration().get(JobService.PARALLELISM);
        if (parallelism != null) {
            config.put(DEFAULT_PARALLELISM, parallelism);
        }
        return config;
    }

    private static boolean setAnywhere(
            Map<String, String> job, Map<String, String> cluster, String key) {
        return job.containsKey(key) || cluster.containsKey(key);
    }
}
