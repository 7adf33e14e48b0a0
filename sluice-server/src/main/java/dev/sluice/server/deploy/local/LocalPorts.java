package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The 127.0.0.1 ports of a local cluster: a configured one must be free (a clear error beats a
 * JobManager that dies on bind), an unconfigured one is picked free.
 */
final class LocalPorts {

    private LocalPorts() {}

    /**
     * The port for {@code key}: the configured one, which must be free; else {@code previous} (the
     * cluster's port before a start anew, 0 for none) when it is free again, so its REST URL and
     * its TaskManagers' address stay; else a free one. The previous port is not written into the
     * spec, so a later start anew is free to move when it is taken by then.
     */
    static int port(LocalClusterSpec spec, String key, String what, int previous) {
        String configured = spec.flinkConfiguration().get(key);
        if (configured == null) {
            return previous > 0 && isFree(previous) ? previous : freePort();
        }
        int port;
        try {
            port = Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new DeploymentException(
                    Kind.INVALID_SPEC, key + " must be a port number, not '" + configured + "'");
        }
        if (!isFree(port)) {
            throw new DeploymentException(
                    Kind.PORT_IN_USE,
                    "Cannot start cluster "
                            + spec.name()
                            + ": the "
                            + what
                            + " port "
                            + port
                            + " on 127.0.0.1 is already in use ("
                            + key
                            + ")");
        }
        return port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DeploymentException(
                    Kind.PORT_IN_USE, "No free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
