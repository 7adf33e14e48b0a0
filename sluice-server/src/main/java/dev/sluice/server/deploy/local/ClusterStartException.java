package dev.sluice.server.deploy.local;

/** A local Flink cluster could not be started; the message names the cause and the log tail. */
public class ClusterStartException extends RuntimeException {

    public ClusterStartException(String message) {
        super(message);
    }

    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
