package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 127.0.0.1 ports of a local cluster: a configured one must be free (a clear error beats a
 * JobManager that dies on bind), an unconfigured one is picked free.
 */
final class LocalPorts {

    private LocalPorts() {}

    static int port(LocalClusterSpec spec, String key, String what) {
        String configured = spec.flinkConfiguration().get(key);
        if (configured == null) {
            return freePort();
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

    /**
     * {@code spec} with the REST and RPC ports of {@code current} where it sets none and they are
     * free again, so that a cluster started anew keeps its REST URL and its TaskManagers' address.
     */
    static LocalClusterSpec keeping(LocalClusterSpec spec, LocalCluster current) {
        Map<String, String> config = new LinkedHashMap<>(spec.flinkConfiguration());
        if (!config.containsKey("rest.port") && isFree(current.restPort())) {
            config.put("rest.port", Integer.toString(current.restPort()));
        }
        if (!config.containsKey("jobmanager.rpc.port") && isFree(current.rpcPort())) {
            config.put("jobmanager.rpc.port", Integer.toString(current.rpcPort()));
        }
        return spec.withFlinkConfiguration(config);
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
