package dev.sluice.server.cluster;

import static dev.sluice.server.cluster.ClusterBodies.PROFILE;
import static dev.sluice.server.cluster.ClusterBodies.application;
import static dev.sluice.server.cluster.ClusterBodies.assertRefused;
import static dev.sluice.server.cluster.ClusterBodies.cluster;
import static dev.sluice.server.cluster.ClusterBodies.jobSpec;
import static dev.sluice.server.cluster.ClusterBodies.memory;
import static dev.sluice.server.cluster.ClusterBodies.mode;
import static dev.sluice.server.cluster.ClusterBodies.restUrl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.ComputeResource;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.server.common.ApiException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How ClusterValidator checks the deployment mode: session or Application, the jobSpec, the history
 * server, an external REST URL.
 */
class ClusterModeValidationTest {

    @TempDir Path root;

    private ClusterBodies bodies;
    private ClusterValidator validator;

    @BeforeEach
    void validator() {
        bodies = new ClusterBodies(root);
        validator = bodies.validator();
    }

    @Test
    void acceptsSessionAndApplicationMode() {
        assertThat(
                        validator
                                .validate(bodies.with(p -> mode(p, "session")))
                                .flink()
                                .deploymentMode())
                .isEqualTo("Session");

        ClusterDefinition app =
                validator.validate(bodies.with(p -> application(p, jobSpec(null), null)));
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
                                        bodies.with(
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
                bodies.refused(bodies.with(p -> mode(p, "Batch"))),
                "InvalidRequestContent",
                PROFILE + ".deploymentMode");
    }

    @Test
    void anApplicationClusterNeedsAJobSpecAndRunsLocally() {
        assertRefused(
                bodies.refused(bodies.with(p -> application(p, null, null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec");
        assertRefused(
                bodies.refused(
                        bodies.with(
                                p ->
                                        application(
                                                p,
                                                new Cluster.FlinkJobProfile(
                                                        "jars", " ", null, null, null, null, null),
                                                null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec.jarName");
        assertRefused(
                bodies.refused(bodies.with(p -> application(p, jobSpec("SAVEPOINT"), null))),
                "InvalidRequestContent",
                PROFILE + ".jobSpec.upgradeMode");
        assertRefused(
                bodies.refused(
                        bodies.with(
                                p ->
                                        application(
                                                restUrl(p, "http://flink:8081"),
                                                jobSpec(null),
                                                null))),
                "DeploymentModeNotSupported",
                PROFILE + ".deploymentMode");
        FlinkProfile sessionWithJob =
                new FlinkProfile(
                        bodies.p().storage(),
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
                bodies.refused(cluster(sessionWithJob)),
                "InvalidRequestContent",
                PROFILE + ".jobSpec");
    }

    @Test
    void theHistoryServerHasTheSameMinimumMemory() {
        ApiException small =
                bodies.refused(
                        bodies.with(
                                p ->
                                        application(
                                                p,
                                                jobSpec(null),
                                                new ComputeResource(1.0, 1000L))));
        assertRefused(small, "InvalidMemory", PROFILE + ".historyServer.memory");
        assertThat(small.getMessage()).contains("1000 MB").contains("minimum is 1024 MB");
        assertThat(
                        validator
                                .validate(
                                        bodies.with(
                                                p ->
                                                        application(
                                                                p,
                                                                jobSpec(null),
                                                                new ComputeResource(null, 2048L))))
                                .flink()
                                .historyServer())
                .isEqualTo(new ComputeResource(1.0, 2048L));
        assertThat(validator.validate(bodies.with(p -> p)).flink().historyServer()).isNull();
    }

    @Test
    void aRestUrlMakesTheClusterExternal() {
        ClusterDefinition external =
                validator.validate(
                        bodies.with(p -> memory(restUrl(p, "http://flink-jm:8081/"), 512L, 512L)));

        assertThat(external.external()).isTrue();
        assertThat(external.flink().restUrl()).isEqualTo("http://flink-jm:8081");
        // Sluice does not size an external cluster: no minimum, no bundled runtime needed.
        assertThat(external.flink().jobManager().memory()).isEqualTo(512L);
        assertThat(external.runtimeVersion()).isNull();

        String target = PROFILE + ".restUrl";
        assertRefused(
                bodies.refused(bodies.with(p -> restUrl(p, "ftp://flink:21"))),
                "InvalidRequestContent",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> restUrl(p, "flink-jm:8081"))),
                "InvalidRequestContent",
                target);
        assertRefused(
                bodies.refused(bodies.with(p -> restUrl(p, "http://user:secret@flink:8081"))),
                "InvalidRequestContent",
                target);
    }
}
