package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.FakeDeploymentTarget;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterValidatorTest {

    private static final String PROFILE = "properties.clusterProfile.flinkProfile";

    @TempDir Path root;

    private ClusterValidator validator;

    @BeforeEach
    void runtimes() {
        validator = new ClusterValidator(FakeDeploymentTarget.localWith("1.20.3", "2.3.0"), 1024);
    }

    private String storage() {
        return "file://" + root.resolve("storage");
    }

    private FlinkProfile profile() {
        return new FlinkProfile(
                new Cluster.Storage(storage(), null),
                new ComputeResource(1.0, 1024L),
                new ComputeResource(1.0, 1024L),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static Cluster cluster(FlinkProfile flink) {
        return new Cluster(
                null,
                null,
                null,
                "local",
                Map.of("team", "a"),
                new Cluster.Properties(
                        null,
                        "Flink",
                        null,
                        null,
                        null,
                        new Cluster.ClusterProfile(null, null, flink)));
    }

    private Cluster with(UnaryOperator<FlinkProfile> change) {
        return cluster(change.apply(profile()));
    }

    private static FlinkProfile copy(
            FlinkProfile p,
            Cluster.Storage storage,
            ComputeResource jobManager,
            ComputeResource taskManager,
            Integer replicas,
            String mode,
            String version,
            String restUrl,
            Map<String, String> configuration) {
        return new FlinkProfile(
                storage,
                jobManager,
                taskManager,
                p.historyServer(),
                replicas,
                mode,
                version,
                restUrl,
                configuration);
    }

    private static FlinkProfile storage(FlinkProfile p, String uri) {
        return copy(
                p,
                new Cluster.Storage(uri, null),
                p.jobManager(),
                p.taskManager(),
                p.numReplicas(),
                p.deploymentMode(),
                p.flinkVersion(),
                p.restUrl(),
                p.flinkConfiguration());
    }

    private static FlinkProfile memory(FlinkProfile p, Long jobManager, Long taskManager) {
        return copy(
                p,
                p.storage(),
                new ComputeResource(1.0, jobManager),
                new ComputeResource(2.5, taskManager),
                p.numReplicas(),
                p.deploymentMode(),
                p.flinkVersion(),
                p.restUrl(),
                p.flinkConfiguration());
    }

    private static FlinkProfile version(FlinkProfile p, String version) {
        return copy(
                p,
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                p.numReplicas(),
                p.deploymentMode(),
                version,
                p.restUrl(),
                p.flinkConfiguration());
    }

    private static FlinkProfile mode(FlinkProfile p, String mode) {
        return copy(
                p,
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                p.numReplicas(),
                mode,
                p.flinkVersion(),
                p.restUrl(),
                p.flinkConfiguration());
    }

    private static FlinkProfile replicas(FlinkProfile p, Integer replicas) {
        return copy(
                p,
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                replicas,
                p.deploymentMode(),
                p.flinkVersion(),
                p.restUrl(),
                p.flinkConfiguration());
    }

    private static FlinkProfile restUrl(FlinkProfile p, String url) {
        return copy(
                p,
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                p.numReplicas(),
                p.deploymentMode(),
                p.flinkVersion(),
                url,
                p.flinkConfiguration());
    }

    private static FlinkProfile config(FlinkProfile p, Map<String, String> configuration) {
        return copy(
                p,
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                p.numReplicas(),
                p.deploymentMode(),
                p.flinkVersion(),
                p.restUrl(),
                configuration);
    }

    private ApiException refused(Cluster body) {
        return catchThrowableOfType(ApiException.class, () -> validator.validate(body));
    }

    private static void assertRefused(ApiException e, String code, String target) {
        assertThat(e).as("expected a refusal").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.target()).isEqualTo(target);
    }

    @Test
    void fillsInTheDefaults() {
        ClusterDefinition definition =
                validator.validate(
                        with(p -> copy(p, p.storage(), null, null, null, null, null, null, null)));

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
        assertThat(definition.storageUri()).isEqualTo(storage());
    }

    @Test
    void buildsTheLocalSpecFromTheProfile() {
        ClusterDefinition definition =
                validator.validate(
                        with(
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
                        with(p -> config(p, Map.of("taskmanager.numberOfTaskSlots", "6"))));

        assertThat(definition.spec("c-000000").slotsPerTaskManager()).isEqualTo(6);
    }

    @Test
    void refusesAMissingBodyLocationOrProperties() {
        assertRefused(refused(null), "InvalidRequestContent", null);
        Cluster noLocation =
                new Cluster(null, null, null, " ", null, cluster(profile()).properties());
        assertRefused(refused(noLocation), "InvalidRequestContent", "location");
        Cluster noProperties = new Cluster(null, null, null, "local", null, null);
        assertRefused(refused(noProperties), "InvalidRequestContent", "properties");
    }

    @Test
    void refusesBadTags() {
        Map<String, String> tags = new HashMap<>();
        tags.put("owner", null);
        Cluster body =
                new Cluster(null, null, null, "local", tags, cluster(profile()).properties());

        assertRefused(refused(body), "InvalidRequestContent", "tags.owner");
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
                                new Cluster.ClusterProfile(null, null, profile())));
        assertRefused(refused(spark), "InvalidClusterType", "properties.clusterType");
        assertThat(refused(spark).getMessage()).contains("Spark");

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
                                new Cluster.ClusterProfile(null, null, profile())));
        assertRefused(refused(untyped), "InvalidClusterType", "properties.clusterType");

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
                                new Cluster.ClusterProfile(null, null, profile())));
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

        assertRefused(refused(body), "InvalidRequestContent", PROFILE);
    }

    private static FlinkProfile application(
            FlinkProfile p, Cluster.FlinkJobProfile jobSpec, ComputeResource historyServer) {
        return new FlinkProfile(
                p.storage(),
                p.jobManager(),
                p.taskManager(),
                historyServer,
                p.numReplicas(),
                "application",
                p.flinkVersion(),
                p.restUrl(),
                p.flinkConfiguration(),
                jobSpec);
    }

    private static Cluster.FlinkJobProfile jobSpec(String upgradeMode) {
        return new Cluster.FlinkJobProfile(
                " jars ", "job.jar", null, " --output /tmp/x ", null, upgradeMode, null);
    }

    @Test
    void acceptsSessionAndApplicationMode() {
        assertThat(validator.validate(with(p -> mode(p, "session"))).flink().deploymentMode())
                .isEqualTo("Session");

        ClusterDefinition app = validator.validate(with(p -> application(p, jobSpec(null), null)));
        assertThat(app.application()).isTrue();
        assertThat(app.flink().deploymentMode()).isEqualTo("Application");
        assertThat(app.flink().jobSpec())
                .isEqualTo(
                        new Cluster.FlinkJobProfile(
                                "jars",
                                "job.jar",
                                null,
                                "--output /tmp/x",
                                null,
                                "UPDATE",
                                Map.of()));
        assertThat(
                        validator
                                .validate(
                                        with(
                                                p ->
                                                        application(
                                                                p,
                                                                jobSpec("last_state_update"),
                                                                null)))
                                .flink()
                                .jobSpec()
                                .upgradeMode())
                .isEqualTo("LAST_STATE_UPDATE");

        assertRefused(
                refused(with(p -> mode(p, "Batch"))),
                "InvalidRequestContent",
                PROFILE + ".deploymentMode");
    }

    @Test
    void anApplicationClusterNeedsAJobSpecAndRunsLocally() {
        assertRefused(
                refused(with(p -> application(p, null, null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec");
        assertRefused(
                refused(
                        with(
                                p ->
                                        application(
                                                p,
                                                new Cluster.FlinkJobProfile(
                                                        "jars", " ", null, null, null, null, null),
                                                null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec.jarName");
        assertRefused(
                refused(with(p -> application(p, jobSpec("SAVEPOINT"), null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec.upgradeMode");
        assertRefused(
                refused(
                        with(
                                p ->
                                        application(
                                                restUrl(p, "http://flink:8081"),
                                                jobSpec(null),
                                                null))),
                "DeploymentModeNotSupported",
                PROFILE + ".deploymentMode");
        FlinkProfile sessionWithJob =
                new FlinkProfile(
                        p().storage(),
                        null,
                        null,
                        null,
                        null,
                        "Session",
                        null,
                        null,
                        null,
                        jobSpec(null));
        assertRefused(
                refused(cluster(sessionWithJob)), "InvalidRequestContent", PROFILE + ".jobSpec");
    }

    @Test
    void theHistoryServerHasTheSameMinimumMemory() {
        ApiException small =
                refused(with(p -> application(p, jobSpec(null), new ComputeResource(1.0, 1000L))));
        assertRefused(small, "InvalidMemory", PROFILE + ".historyServer.memory");
        assertThat(small.getMessage()).contains("1000 MB").contains("minimum is 1024 MB");
        assertThat(
                        validator
                                .validate(
                                        with(
                                                p ->
                                                        application(
                                                                p,
                                                                jobSpec(null),
                                                                new ComputeResource(null, 2048L))))
                                .flink()
                                .historyServer())
                .isEqualTo(new ComputeResource(1.0, 2048L));
        assertThat(validator.validate(with(p -> p)).flink().historyServer()).isNull();
    }

    private FlinkProfile p() {
        return profile();
    }

    @Test
    void requiresLocalStorage() {
        String target = PROFILE + ".storage.storageUri";
        assertRefused(refused(with(p -> storage(p, null))), "InvalidRequestContent", target);
        assertRefused(
                refused(with(p -> storage(p, "abfs://c@account.dfs.core.windows.net/flink"))),
                "UnsupportedStorageScheme",
                target);
        assertRefused(refused(with(p -> storage(p, "relative/dir"))), "InvalidStoragePath", target);
        assertRefused(
                refused(with(p -> storage(p, "file://host/dir"))), "InvalidStoragePath", target);
        assertRefused(
                refused(with(p -> storage(p, root + "/a/../b"))), "PathOutsideStorage", target);
    }

    @Test
    void canonicalizesTheStorageUri() {
        String plain = root.resolve("plain").toString();

        assertThat(validator.validate(with(p -> storage(p, plain))).storageUri())
                .isEqualTo("file://" + plain);
        assertThat(validator.validate(with(p -> storage(p, "file:" + plain))).storageUri())
                .isEqualTo("file://" + plain);
    }

    @Test
    void resolvesTheFlinkVersionAgainstTheBundledRuntimes() {
        assertThat(validator.validate(with(p -> version(p, "2.3"))).runtimeVersion())
                .isEqualTo("2.3.0");

        ApiException unknown = refused(with(p -> version(p, "1.17")));
        assertRefused(unknown, "InvalidFlinkVersion", PROFILE + ".flinkVersion");
        assertThat(unknown.getMessage()).contains("'1.17'").contains("1.20.3").contains("2.3.0");
    }

    @Test
    void enforcesTheMinimumMemory() {
        ApiException jobManager = refused(with(p -> memory(p, 1000L, 1024L)));
        assertRefused(jobManager, "InvalidMemory", PROFILE + ".jobManager.memory");
        assertThat(jobManager.getMessage()).contains("1000 MB").contains("minimum is 1024 MB");

        ApiException taskManager = refused(with(p -> memory(p, 1024L, 512L)));
        assertRefused(taskManager, "InvalidMemory", PROFILE + ".taskManager.memory");

        assertRefused(
                refused(with(p -> memory(p, -5L, 1024L))),
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
                        () -> product.validate(with(p -> memory(p, 1024L, 1800L))));
        assertThat(e.getMessage()).contains("minimum is 1800 MB");
    }

    @Test
    void refusesNonsenseCpuAndReplicas() {
        FlinkProfile noCpu = profile();
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
        assertRefused(refused(zeroCpu), "InvalidRequestContent", PROFILE + ".jobManager.cpu");
        assertRefused(
                refused(with(p -> replicas(p, 0))),
                "InvalidRequestContent",
                PROFILE + ".numReplicas");
        assertRefused(
                refused(with(p -> replicas(p, 1000))),
                "InvalidRequestContent",
                PROFILE + ".numReplicas");
    }

    @Test
    void checksTheFlinkConfiguration() {
        String target = PROFILE + ".flinkConfiguration";
        assertRefused(
                refused(with(p -> config(p, Map.of("taskmanager.numberOfTaskSlots", "many")))),
                "InvalidRequestContent",
                target + ".taskmanager.numberOfTaskSlots");
        assertRefused(
                refused(with(p -> config(p, Map.of("taskmanager.memory.process.size", "2g")))),
                "InvalidRequestContent",
                target + ".taskmanager.memory.process.size");
        assertRefused(
                refused(with(p -> config(p, Map.of("bad key: x", "1")))),
                "InvalidRequestContent",
                target);
        assertRefused(
                refused(with(p -> config(p, Map.of("a.b", "line\nbreak")))),
                "InvalidRequestContent",
                target + ".a.b");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a.b", null);
        assertRefused(
                refused(with(p -> config(p, nullValue))), "InvalidRequestContent", target + ".a.b");
    }

    @Test
    void aRestUrlMakesTheClusterExternal() {
        ClusterDefinition external =
                validator.validate(
                        with(p -> memory(restUrl(p, "http://flink-jm:8081/"), 512L, 512L)));

        assertThat(external.external()).isTrue();
        assertThat(external.flink().restUrl()).isEqualTo("http://flink-jm:8081");
        // Sluice does not size an external cluster: no minimum, no bundled runtime needed.
        assertThat(external.flink().jobManager().memory()).isEqualTo(512L);
        assertThat(external.runtimeVersion()).isNull();

        String target = PROFILE + ".restUrl";
        assertRefused(
                refused(with(p -> restUrl(p, "ftp://flink:21"))), "InvalidRequestContent", target);
        assertRefused(
                refused(with(p -> restUrl(p, "flink-jm:8081"))), "InvalidRequestContent", target);
        assertRefused(
                refused(with(p -> restUrl(p, "http://user:secret@flink:8081"))),
                "InvalidRequestContent",
                target);
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
}
