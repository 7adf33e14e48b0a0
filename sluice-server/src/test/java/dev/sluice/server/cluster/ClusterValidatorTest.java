package dev.sluice.server.cluster;

import static dev.sluice.server.cluster.ClusterBodies.PROFILE;
import static dev.sluice.server.cluster.ClusterBodies.assertRefused;
import static dev.sluice.server.cluster.ClusterBodies.cluster;
import static dev.sluice.server.cluster.ClusterBodies.config;
import static dev.sluice.server.cluster.ClusterBodies.copy;
import static dev.sluice.server.cluster.ClusterBodies.memory;
import static dev.sluice.server.cluster.ClusterBodies.replicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.ClusterSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ClusterValidator makes of a cluster body as a whole: defaults, the spec it builds, the
 * body's shape.
 */
class ClusterValidatorTest {

    @TempDir Path root;

    private ClusterBodies bodies;
    private ClusterValidator validator;

    @BeforeEach
    void validator() {
        bodies = new ClusterBodies(root);
        validator = bodies.validator();
    }

    @Test
    void fillsInTheDefaults() {
        ClusterDefinition definition =
                validator.validate(
                        bodies.with(
                                p ->
                                        copy(
                                                p,
                                                p.storage(),
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null)));

        FlinkProfile flink = definition.flink();
        assertThat(flink.jobManager()).isEqualTo(new ComputeResource(1.0, 1800L));
        assertThat(flink.taskManager()).isEqualTo(new ComputeResource(1.0, 1800L));
        assertThat(flink.numReplicas()).isEqualTo(1);
        assertThat(flink.deploymentMode()).isEqualTo("Session");
        assertThat(flink.flinkVersion()).isEqualTo("1.20");
        assertThat(flink.flinkConfiguration()).isEmpty();
        assertThat(definition.runtimeVersion()).isEqualTo("1.20.3");
        assertThat(definition.external()).isFalse();
        assertThat(definition.slotsPerTaskManager()).isEqualTo(2);
        assertThat(definition.storageUri()).isEqualTo(bodies.storage());
    }

    @Test
    void buildsTheLocalSpecFromTheProfile() {
        ClusterDefinition definition =
                validator.validate(
                        bodies.with(
                                p ->
                                        config(
                                                replicas(memory(p, 1100L, 1200L), 3),
                                                Map.of("taskmanager.memory.managed.size", "64m"))));

        ClusterSpec spec = definition.spec("session-abc123");

        assertThat(spec.deploymentId()).isEqualTo("session-abc123");
        assertThat(spec.flinkVersion()).isEqualTo("1.20");
        assertThat(spec.jobManager().memoryMb()).isEqualTo(1100);
        assertThat(spec.taskManager().memoryMb()).isEqualTo(1200);
        assertThat(spec.taskManager().cpu()).isEqualTo(2.5);
        assertThat(spec.restUrl()).isNull();
        assertThat(spec.taskManagers()).isEqualTo(3);
        // ceil(2.5 cores)
        assertThat(spec.slotsPerTaskManager()).isEqualTo(3);
        assertThat(spec.flinkConfiguration())
                .containsEntry("taskmanager.memory.managed.size", "64m");
    }

    @Test
    void configuredSlotsWin() {
        ClusterDefinition definition =
                validator.validate(
                        bodies.with(p -> config(p, Map.of("taskmanager.numberOfTaskSlots", "6"))));

        assertThat(definition.spec("c-000000").slotsPerTaskManager()).isEqualTo(6);
    }

    @Test
    void refusesAMissingBodyLocationOrProperties() {
        assertRefused(bodies.refused(null), "InvalidRequestContent", null);
        Cluster noLocation =
                new Cluster(null, null, null, " ", null, cluster(bodies.profile()).properties());
        assertRefused(bodies.refused(noLocation), "InvalidRequestContent", "location");
        Cluster noProperties = new Cluster(null, null, null, "local", null, null);
        assertRefused(bodies.refused(noProperties), "InvalidRequestContent", "properties");
    }

    @Test
    void refusesBadTags() {
        Map<String, String> tags = new HashMap<>();
        tags.put("owner", null);
        Cluster body =
                new Cluster(
                        null, null, null, "local", tags, cluster(bodies.profile()).properties());

        assertRefused(bodies.refused(body), "InvalidRequestContent", "tags.owner");
    }

    @Test
    void acceptsOnlyFlinkClusters() {
        Cluster spark =
                new Cluster(
                        null,
                        null,
                        null,
                        "local",
                        null,
                        new Cluster.Properties(
                                null,
                                "Spark",
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile(null, null, bodies.profile())));
        assertRefused(bodies.refused(spark), "InvalidClusterType", "properties.clusterType");
        assertThat(bodies.refused(spark).getMessage()).contains("Spark");

        Cluster untyped =
                new Cluster(
                        null,
                        null,
                        null,
                        "local",
                        null,
                        new Cluster.Properties(
                                null,
                                null,
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile(null, null, bodies.profile())));
        assertRefused(bodies.refused(untyped), "InvalidClusterType", "properties.clusterType");

        Cluster lowerCase =
                new Cluster(
                        null,
                        null,
                        null,
                        "local",
                        null,
                        new Cluster.Properties(
                                null,
                                "flink",
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile(null, null, bodies.profile())));
        assertThat(validator.validate(lowerCase).external()).isFalse();
    }

    @Test
    void requiresAFlinkProfile() {
        Cluster body =
                new Cluster(
                        null,
                        null,
                        null,
                        "local",
                        null,
                        new Cluster.Properties(
                                null,
                                "Flink",
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile("1.0.0", null, null)));

        assertRefused(bodies.refused(body), "InvalidRequestContent", PROFILE);
    }

    @Test
    void pathologicalLocationsAreRefused() {
        assertRefused(
                catchThrowableOfType(
                        ApiException.class, () -> ClusterValidator.location("west/../europe")),
                "InvalidRequestContent",
                "location");
        assertThat(ClusterValidator.location("West Europe")).isEqualTo("West Europe");
    }

    @Test
    void acceptsAzureStorageAndNeverKeepsItsKey() {
        String seed = "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1/";
        ClusterDefinition definition =
                validator.validate(
                        bodies.with(
                                p ->
                                        copy(
                                                p,
                                                new Cluster.Storage(seed, "c2VjcmV0IGtleQ=="),
                                                p.jobManager(),
                                                p.taskManager(),
                                                p.numReplicas(),
                                                p.deploymentMode(),
                                                p.flinkVersion(),
                                                p.restUrl(),
                                                p.flinkConfiguration())));

        assertThat(definition.storageUri())
                .isEqualTo("abfs://flink@teststorage.dfs.core.windows.net/clusters/c1");
        assertThat(definition.flink().storage().storagekey()).isNull();
        assertThat(definition.toJson("op")).doesNotContain("c2VjcmV0IGtleQ==");

        ApiException bad =
                catchThrowableOfType(
                        ApiException.class,
                        () ->
                                validator.validate(
                                        bodies.with(
                                                p ->
                                                        ClusterBodies.storage(
                                                                p,
                                                                "abfs://flink@teststorage.blob"
                                                                        + ".core.windows.net/x"))));
        assertRefused(bad, "InvalidStoragePath", ClusterValidator.STORAGE_URI);
        assertThat(bad.getMessage()).contains("pairs the abfs scheme with the blob endpoint");
    }
}
