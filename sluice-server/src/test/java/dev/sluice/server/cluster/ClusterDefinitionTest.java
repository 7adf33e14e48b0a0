package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ArmId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterDefinitionTest {

    private static final ArmId ID = ArmId.cluster("Sub", "Group", "Pool", "Session");

    private static ClusterDefinition definition(
            long taskManagerMemory, Map<String, String> config) {
        return new ClusterDefinition(
                null,
                null,
                new FlinkProfile(
                        new Cluster.Storage("file:///data/storage/session", null),
                        new ComputeResource(1.0, 1800L),
                        new ComputeResource(1.0, taskManagerMemory),
                        null,
                        1,
                        "Session",
                        "1.20",
                        null,
                        config),
                "1.20.3");
    }

    private static ClusterRecord record(ClusterDefinition definition, String operationId) {
        return new ClusterRecord(
                ID.clusterKey(),
                ID.poolKey(),
                ID.cluster(),
                "local",
                Map.of("team", "a"),
                definition.toJson(operationId),
                false,
                "http://127.0.0.1:8081",
                definition.storageUri(),
                "1.20.3",
                "Succeeded",
                "Running",
                null,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void theStoredDefinitionRoundTripsWithItsOperation() {
        ClusterDefinition definition = definition(1800, Map.of("a.b", "c"));

        ClusterRecord record = record(definition, "op-1");

        assertThat(ClusterDefinition.of(record)).isEqualTo(definition);
        assertThat(ClusterDefinition.operationId(record)).contains("op-1");
        // The storage key is a secret and never stored; the operation is no wire field.
        assertThat(record.properties()).doesNotContain("storagekey");
    }

    @Test
    void onlyTagsAndFlinkConfigurationMayChange() {
        ClusterDefinition running = definition(1800, Map.of());

        assertThat(running.unsupportedChanges(definition(1800, Map.of("a.b", "c")))).isEmpty();
        assertThat(running.unsupportedChanges(definition(2048, Map.of())))
                .containsExactly("properties.clusterProfile.flinkProfile.taskManager");
    }

    @Test
    void aGetShowsTheFullVersionTheRestUrlAndTheDeploymentId() {
        ClusterRecord record = record(definition(1800, Map.of()), "op-1");

        Cluster view = ClusterViews.cluster(ID, record);

        assertThat(view.id())
                .isEqualTo(
                        "/subscriptions/Sub/resourceGroups/Group/providers/Microsoft.HDInsight/clusterpools/Pool/clusters/Session");
        assertThat(view.type()).isEqualTo("Microsoft.HDInsight/clusterPools/clusters");
        assertThat(view.properties().clusterType()).isEqualTo("Flink");
        assertThat(view.properties().deploymentId())
                .isEqualTo(ClusterRegistry.deploymentId(ID.clusterKey(), "Session"))
                .startsWith("session-");
        FlinkProfile flink = view.properties().clusterProfile().flinkProfile();
        assertThat(flink.flinkVersion()).isEqualTo("1.20.3");
        assertThat(flink.restUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(view.properties().clusterProfile().ossVersion()).isEqualTo("1.20.3");
    }

    @Test
    void sluiceKeysNeverReachFlink() {
        ClusterDefinition definition =
                definition(
                        1800,
                        Map.of(
                                "a.b", "c",
                                "sluice.alerts.webhook.url", "http://127.0.0.1:9/hook",
                                "sluice.alerts.webhook.secret", "s3cret"));

        assertThat(definition.spec("session-abc").flinkConfiguration())
                .containsEntry("a.b", "c")
                .doesNotContainKeys("sluice.alerts.webhook.url", "sluice.alerts.webhook.secret");
    }

    @Test
    void aRePutWithoutTheWebhookSecretKeepsItWhileTheUrlStays() {
        String url = "sluice.alerts.webhook.url";
        String secret = "sluice.alerts.webhook.secret";
        ClusterRecord stored =
                record(
                        definition(1800, Map.of(url, "http://127.0.0.1:9/a", secret, "s3cret")),
                        "op-1");

        Map<String, String> kept =
                definition(1800, Map.of(url, "http://127.0.0.1:9/a"))
                        .withWebhookSecretKept(Optional.of(stored))
                        .flink()
                        .flinkConfiguration();
        Map<String, String> otherUrl =
                definition(1800, Map.of(url, "http://127.0.0.1:9/b"))
                        .withWebhookSecretKept(Optional.of(stored))
                        .flink()
                        .flinkConfiguration();
        Map<String, String> removed =
                definition(1800, Map.of(url, "http://127.0.0.1:9/a", secret, ""))
                        .withWebhookSecretKept(Optional.of(stored))
                        .flink()
                        .flinkConfiguration();
        Map<String, String> replaced =
                definition(1800, Map.of(url, "http://127.0.0.1:9/a", secret, "new"))
                        .withWebhookSecretKept(Optional.of(stored))
                        .flink()
                        .flinkConfiguration();

        assertThat(kept).containsEntry(secret, "s3cret");
        assertThat(otherUrl).doesNotContainKey(secret);
        assertThat(removed).doesNotContainKey(secret).containsKey(url);
        assertThat(replaced).containsEntry(secret, "new");
    }

    @Test
    void aClusterGetNeverShowsTheWebhookSecret() {
        ClusterRecord stored =
                record(
                        definition(
                                1800,
                                Map.of(
                                        "sluice.alerts.webhook.url", "http://127.0.0.1:9/a",
                                        "sluice.alerts.webhook.secret", "s3cret")),
                        "op-1");

        Cluster view = ClusterViews.cluster(ID, stored);

        assertThat(view.properties().clusterProfile().flinkProfile().flinkConfiguration())
                .containsKey("sluice.alerts.webhook.url")
                .doesNotContainKey("sluice.alerts.webhook.secret");
    }
}
