package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that cannot start says why, quickly, and leaves no process or record behind. */
class LocalProcessDeployerITCase {

    @TempDir Path data;

    private LocalProcessDeployer deployer() {
        return new LocalProcessDeployer(
                data, TestFlink.runtimes(), RestFlinkClient::new, Duration.ofSeconds(120));
    }

    private static boolean noProcessOf(Path clusterDir) {
        return ProcessHandle.allProcesses()
                .noneMatch(
                        p ->
                                p.info()
                                        .commandLine()
                                        .map(c -> c.contains("-Dsluice.cluster.dir=" + clusterDir))
                                        .orElse(false));
    }

    @Test
    void aTakenRestPortIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(
                            () ->
                                    deployer()
                                            .start(
                                                    TestFlink.smallCluster(
                                                            "port-taken",
                                                            "1.20",
                                                            Map.of(
                                                                    "rest.port",
                                                                    Integer.toString(port)))))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e -> assertThat(e.failure().kind()).isEqualTo(Kind.PORT_IN_USE))
                    .hasMessageContaining("REST port " + port)
                    .hasMessageContaining("already in use");
        }
        assertThat(deployer().adopt("port-taken")).isEmpty();
    }

    @Test
    void memoryFlinkCannotUseIsRejectedWithFlinksReason() {
        LocalClusterSpec tooSmall =
                new LocalClusterSpec("tiny", "1.20", 1024, 1, 200, 1, 1, 2, Map.of());

        assertThatThrownBy(() -> deployer().start(tooSmall))
                .isInstanceOfSatisfying(
                        DeploymentException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(Kind.INVALID_SPEC))
                .hasMessageContaining("Flink rejected the taskmanager memory settings")
                .hasMessageContaining("Total Process Memory (200.000mb");
        assertThat(noProcessOf(deployer().directory("tiny"))).isTrue();
    }

    @Test
    void aProcessThatDiesIsReportedWithItsLogTail() throws IOException {
        // The BLOB server cannot bind a taken port, so the JobManager exits during startup.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalClusterSpec spec =
                    TestFlink.smallCluster(
                            "dies",
                            "2.3",
                            Map.of("blob.server.port", Integer.toString(taken.getLocalPort())));

            long started = System.nanoTime();
            assertThatThrownBy(() -> deployer().start(spec))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e -> {
                                assertThat(e.failure().kind()).isEqualTo(Kind.PROCESS_EXITED);
                                assertThat(e.failure().logTail())
                                        .contains("Last lines of")
                                        .contains("BLOB");
                            })
                    .hasMessageContaining("The jobmanager of cluster dies exited with code");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(60));
        }
        assertThat(noProcessOf(deployer().directory("dies"))).isTrue();
        assertThat(deployer().adopt("dies")).isEmpty();
    }

    @Test
    void anUnknownFlinkVersionListsTheBundledOnes() {
        assertThatThrownBy(() -> deployer().start(TestFlink.smallCluster("old", "1.17")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1.17' is not available")
                .hasMessageContaining("1.20.3")
                .hasMessageContaining("2.3.0");
    }

    @Test
    void theTargetReportsATakenPortAsATypedFailureAndLeavesNothing() throws Exception {
        LocalDeploymentTarget target = new LocalDeploymentTarget(deployer(), TestFlink.runtimes());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ClusterSpec spec =
                    new ClusterSpec(
                            "target-port",
                            "1.20",
                            new ClusterSpec.Resources(1, 1024),
                            new ClusterSpec.Resources(1, 1024),
                            1,
                            1,
                            Map.of("rest.port", Integer.toString(port)),
                            null,
                            null);

            target.apply(spec);
            DeploymentState state = target.observe("target-port");
            for (int i = 0; i < 200 && state instanceof DeploymentState.Deploying; i++) {
                Thread.sleep(50);
                state = target.observe("target-port");
            }

            assertThat(state)
                    .isInstanceOfSatisfying(
                            DeploymentState.Failed.class,
                            failed -> {
                                assertThat(failed.failure().kind()).isEqualTo(Kind.PORT_IN_USE);
                                assertThat(failed.failure().message())
                                        .contains("REST port " + port);
                            });
        } finally {
            target.close();
        }
        target.remove("target-port");
        assertThat(target.observe("target-port")).isInstanceOf(DeploymentState.Missing.class);
    }

    @Test
    void theTargetRefusesAnUnknownVersionAtOnce() {
        LocalDeploymentTarget target = new LocalDeploymentTarget(deployer(), TestFlink.runtimes());
        ClusterSpec spec =
                new ClusterSpec(
                        "old",
                        "1.17",
                        new ClusterSpec.Resources(1, 1024),
                        new ClusterSpec.Resources(1, 1024),
                        1,
                        1,
                        Map.of(),
                        null,
                        null);

        assertThatThrownBy(() -> target.apply(spec))
                .isInstanceOfSatisfying(
                        DeploymentException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(Kind.UNKNOWN_VERSION))
                .hasMessageContaining("1.20.3");
        assertThat(target.flinkVersions().versions()).contains("1.20.3", "2.3.0");
    }
}
