package dev.sluice.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cluster.ClusterRecord;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunConfigurationTest {

    private static final ClusterRecord CLUSTER =
            new ClusterRecord(
                    "/subscriptions/s/resourcegroups/g/providers/microsoft.hdinsight/clusterpools/p/clusters/c",
                    "/subscriptions/s/resourcegroups/g/providers/microsoft.hdinsight/clusterpools/p",
                    "c",
                    "local",
                    Map.of(),
                    null,
                    false,
                    null,
                    "file:///storage",
                    "1.20.3",
                    "Succeeded",
                    "Running",
                    null,
                    null,
                    null);

    private static Job job(Map<String, String> config) {
        return new Job(
                1,
                CLUSTER.id(),
                "counter",
                new JobSpec("jars", "a.jar", "A", null, config),
                new JobRun(null, null, JobStatus.RUNNING, null),
                new LastAction(null, null, null, null),
                RestorePoints.NONE,
                null,
                null);
    }

    @Test
    void sluiceDefaultsOnlyFillWhatNeitherTheJobNorTheClusterSets() {
        Map<String, String> keys =
                RunConfiguration.jobKeys(
                        job(Map.of("parallelism", "3", "savepoint.directory", "file:///sp")),
                        CLUSTER,
                        Map.of(RunConfiguration.INTERVAL, "30s"),
                        Duration.ofSeconds(60));

        assertThat(keys)
                .doesNotContainKeys("parallelism", "savepoint.directory", RunConfiguration.INTERVAL)
                .containsEntry(RunConfiguration.RETENTION, "RETAIN_ON_CANCELLATION");
        assertThat(keys.get(RunConfiguration.CHECKPOINT_DIR))
                .startsWith("file:///storage/c-")
                .endsWith("/checkpoints/counter");
    }

    @Test
    void theJobsKeysWinOverTheClustersInAnApplicationCluster() {
        Map<String, String> keys =
                RunConfiguration.applicationKeys(
                        job(Map.of("parallelism", "1", RunConfiguration.INTERVAL, "1s")),
                        CLUSTER,
                        Map.of(
                                RunConfiguration.INTERVAL,
                                "30s",
                                "taskmanager.numberOfTaskSlots",
                                "2"),
                        Duration.ofSeconds(60));

        assertThat(keys)
                .containsEntry(RunConfiguration.INTERVAL, "1s")
                .containsEntry("taskmanager.numberOfTaskSlots", "2")
                .containsEntry(RunConfiguration.DEFAULT_PARALLELISM, "1")
                .doesNotContainKey("parallelism");
    }
}
