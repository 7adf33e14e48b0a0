package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    private final LocalClusterSpec unconfigured = TestFlink.smallCluster("c", "1.20");

    @Test
    void aStartAnewTakesThePreviousPortWhenItIsFreeAgain() {
        int previous = LocalPorts.freePort();

        assertThat(LocalPorts.port(unconfigured, "rest.port", "REST", previous))
                .isEqualTo(previous);
    }

    @Test
    void aStartAnewMovesWhenThePreviousPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = LocalPorts.port(unconfigured, "rest.port", "REST", taken.getLocalPort());

            assertThat(port).isPositive().isNotEqualTo(taken.getLocalPort());
        }
    }

    @Test
    void aConfiguredPortThatIsTakenIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalClusterSpec configured =
                    TestFlink.smallCluster(
                            "c", "1.20", Map.of("rest.port", "" + taken.getLocalPort()));

            assertThatThrownBy(() -> LocalPorts.port(configured, "rest.port", "REST", 0))
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("REST port " + taken.getLocalPort())
                    .hasMessageContaining("already in use (rest.port)");
        }
    }
}
