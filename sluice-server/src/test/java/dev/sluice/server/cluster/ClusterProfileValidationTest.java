package dev.sluice.server.cluster;

import static dev.sluice.server.cluster.ClusterBodies.PROFILE;
import static dev.sluice.server.cluster.ClusterBodies.assertRefused;
import static dev.sluice.server.cluster.ClusterBodies.cluster;
import static dev.sluice.server.cluster.ClusterBodies.config;
import static dev.sluice.server.cluster.ClusterBodies.copy;
import static dev.sluice.server.cluster.ClusterBodies.memory;
import static dev.sluice.server.cluster.ClusterBodies.replicas;
import static dev.sluice.server.cluster.ClusterBodies.storage;
import static dev.sluice.server.cluster.ClusterBodies.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.FakeDeploymentTarget;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How ClusterValidator checks a Flink profile's storage, version, memory, CPU, replicas and
 * configuration.
 */
class ClusterProfileValidationTest {

    @TempDir Path root;

    private ClusterBodies bodies;
    private ClusterValidator validator;

    @BeforeEach
    void validator() {
        bodies = new ClusterBodies(root);
        validator = bodies.validator();
    }

    @Test
    void requiresSupportedStorage() {
        String target = PROFILE + ".storage.storageUri";
        assertRefused(
                bodies.refused(bodies.with(p -> storage(p, null))),
                "InvalidRequestContent",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> storage(p, "s3://bucket/flink"))),
                "UnsupportedStorageScheme",
                target);
        // Azure storage is supported (issue 15), but its URI must name a valid container.
        assertRefused(
                bodies.refused(
                        bodies.with(
                                p -> storage(p, "abfs://c@account.dfs.core.windows.net/flink"))),
                "InvalidStoragePath",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> storage(p, "relative/dir"))),
                "InvalidStoragePath",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> storage(p, "file://host/dir"))),
                "InvalidStoragePath",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> storage(p, root + "/a/../b"))),
                "PathOutsideStorage",
                target);
    }

    @Test
    void canonicalizesTheStorageUri() {
        String plain = root.resolve("plain").toString();

        assertThat(validator.validate(bodies.with(p -> storage(p, plain))).storageUri())
                .isEqualTo("file://" + plain);
        assertThat(validator.validate(bodies.with(p -> storage(p, "file:" + plain))).storageUri())
                .isEqualTo("file://" + plain);
    }

    @Test
    void resolvesTheFlinkVersionAgainstTheBundledRuntimes() {
        assertThat(validator.validate(bodies.with(p -> version(p, "2.3"))).runtimeVersion())
                .isEqualTo("2.3.0");

        ApiException unknown = bodies.refused(bodies.with(p -> version(p, "1.17")));
        assertRefused(unknown, "InvalidFlinkVersion", PROFILE + ".flinkVersion");
        assertThat(unknown.getMessage()).contains("'1.17'").contains("1.20.3").contains("2.3.0");
    }

    @Test
    void ossVersionSelectsABundledVersionOrIsRefusedListingThem() {
        Cluster oss = ossVersion(bodies.with(p -> p), "2.3");
        assertThat(validator.validate(oss).runtimeVersion()).isEqualTo("2.3.0");

        ApiException unknown = bodies.refused(ossVersion(bodies.with(p -> p), "1.17.0"));
        assertRefused(unknown, "InvalidFlinkVersion", "properties.clusterProfile.ossVersion");
        assertThat(unknown.getMessage()).contains("'1.17.0'").contains("1.20.3").contains("2.3.0");

        Cluster both = ossVersion(bodies.with(p -> version(p, "1.20")), "1.17.0");
        assertThat(validator.validate(both).runtimeVersion()).isEqualTo("1.20.3");
    }

    private static Cluster ossVersion(Cluster body, String ossVersion) {
        Cluster.Properties p = body.properties();
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
                                ossVersion,
                                p.clusterProfile().flinkProfile())));
    }

    @Test
    void enforcesTheMinimumMemory() {
        ApiException jobManager = bodies.refused(bodies.with(p -> memory(p, 1000L, 1024L)));
        assertRefused(jobManager, "InvalidMemory", PROFILE + ".jobManager.memory");
        assertThat(jobManager.getMessage()).contains("1000 MB").contains("minimum is 1024 MB");

        ApiException taskManager = bodies.refused(bodies.with(p -> memory(p, 1024L, 512L)));
        assertRefused(taskManager, "InvalidMemory", PROFILE + ".taskManager.memory");

        assertRefused(
                bodies.refused(bodies.with(p -> memory(p, -5L, 1024L))),
                "InvalidMemory",
                PROFILE + ".jobManager.memory");
    }

    @Test
    void theDefaultMinimumIsTheProducts() {
        ClusterValidator product =
                new ClusterValidator(FakeDeploymentTarget.localWith("1.20.3", "2.3.0"), 1800);

        ApiException e =
                catchThrowableOfType(
                        ApiException.class,
                        () -> product.validate(bodies.with(p -> memory(p, 1024L, 1800L))));
        assertThat(e.getMessage()).contains("minimum is 1800 MB");
    }

    @Test
    void refusesNonsenseCpuAndReplicas() {
        FlinkProfile noCpu = bodies.profile();
        Cluster zeroCpu =
                cluster(
                        copy(
                                noCpu,
                                noCpu.storage(),
                                new ComputeResource(0.0, 1024L),
                                noCpu.taskManager(),
                                null,
                                null,
                                null,
                                null,
                                null));
        assertRefused(
                bodies.refused(zeroCpu), "InvalidRequestContent", PROFILE + ".jobManager.cpu");
        assertRefused(
                bodies.refused(bodies.with(p -> replicas(p, 0))),
                "InvalidRequestContent",
                PROFILE + ".numReplicas");
        assertRefused(
                bodies.refused(bodies.with(p -> replicas(p, 1000))),
                "InvalidRequestContent",
                PROFILE + ".numReplicas");
    }

    @Test
    void checksTheFlinkConfiguration() {
        String target = PROFILE + ".flinkConfiguration";
        assertRefused(
                bodies.refused(
                        bodies.with(
                                p -> config(p, Map.of("taskmanager.numberOfTaskSlots", "many")))),
                "InvalidRequestContent",
                target + ".taskmanager.numberOfTaskSlots");
        assertRefused(
                bodies.refused(
                        bodies.with(
                                p -> config(p, Map.of("taskmanager.memory.process.size", "2g")))),
                "InvalidRequestContent",
                target + ".taskmanager.memory.process.size");
        assertRefused(
                bodies.refused(bodies.with(p -> config(p, Map.of("bad key: x", "1")))),
                "InvalidRequestContent",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> config(p, Map.of("a.b", "line\nbreak")))),
                "InvalidRequestContent",
                target + ".a.b");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a.b", null);
        assertRefused(
                bodies.refused(bodies.with(p -> config(p, nullValue))),
                "InvalidRequestContent",
                target + ".a.b");
    }
}
