package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.FakeDeploymentTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Cluster bodies for the ClusterValidator tests: a valid one, one-field changes of it, and the
 * refusals they expect.
 */
final class ClusterBodies {

    static final String PROFILE = "properties.clusterProfile.flinkProfile";

    private final Path root;
    private final ClusterValidator validator;

    ClusterBodies(Path root) {
        this.root = root;
        this.validator =
                new ClusterValidator(FakeDeploymentTarget.localWith("1.20.3", "2.3.0"), 1024);
    }

    ClusterValidator validator() {
        return validator;
    }

    String storage() {
        return "file://" + root.resolve("storage");
    }

    FlinkProfile profile() {
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

    static Cluster cluster(FlinkProfile flink) {
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

    Cluster with(UnaryOperator<FlinkProfile> change) {
        return cluster(change.apply(profile()));
    }

    static FlinkProfile copy(
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

    static FlinkProfile storage(FlinkProfile p, String uri) {
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

    static FlinkProfile memory(FlinkProfile p, Long jobManager, Long taskManager) {
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

    static FlinkProfile version(FlinkProfile p, String version) {
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

    static FlinkProfile mode(FlinkProfile p, String mode) {
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

    static FlinkProfile replicas(FlinkProfile p, Integer replicas) {
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

    static FlinkProfile restUrl(FlinkProfile p, String url) {
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

    static FlinkProfile config(FlinkProfile p, Map<String, String> configuration) {
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

    ApiException refused(Cluster body) {
        return catchThrowableOfType(ApiException.class, () -> validator.validate(body));
    }

    static void assertRefused(ApiException e, String code, String target) {
        assertThat(e).as("expected a refusal").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.target()).isEqualTo(target);
    }

    static FlinkProfile application(
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

    static Cluster.FlinkJobProfile jobSpec(String upgradeMode) {
        return new Cluster.FlinkJobProfile(
                " jars ", "job.jar", null, " --output /tmp/x ", null, upgradeMode, null);
    }

    FlinkProfile p() {
        return profile();
    }
}
