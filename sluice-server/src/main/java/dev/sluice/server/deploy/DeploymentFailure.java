package dev.sluice.server.deploy;

/**
 * Why a deployment failed, typed so that nobody has to read it out of a message.
 *
 * @param kind what went wrong
 * @param message the cause as a user can read it (Flink's own words where it gave some)
 * @param logTail the last lines of the processes' logs, null when there are none
 */
public record DeploymentFailure(Kind kind, String message, String logTail) {

    /** What went wrong. */
    public enum Kind {
        /** The target cannot run the spec as given (resources, names, memory Flink rejects). */
        INVALID_SPEC,
        /** The target has no runtime for the requested Flink version. */
        UNKNOWN_VERSION,
        /** A port the deployment needs is taken. */
        PORT_IN_USE,
        /** A process of the deployment exited before it was ready. */
        PROCESS_EXITED,
        /** The deployment was not ready in time. */
        TIMEOUT,
        /** The cluster's REST API did not answer. */
        UNREACHABLE,
        /** The cluster's REST API answered with an error. */
        REJECTED,
        /** Files the deployment needs could not be read or written. */
        IO_ERROR,
        /** The deployment was interrupted (a delete, a stopping server). */
        INTERRUPTED,
        /** The deployment or its cluster is gone. */
        MISSING,
        /** The cluster is busy with something else. */
        BUSY,
        /** Anything else; the message says what. */
        UNEXPECTED
    }

    public DeploymentFailure {
        if (kind == null || message == null) {
            throw new IllegalArgumentException("A deployment failure needs a kind and a message");
        }
    }

    /** A failure without a log tail. */
    public static DeploymentFailure of(Kind kind, String message) {
        return new DeploymentFailure(kind, message, null);
    }

    /** This failure with its message prefixed, for example by the step that failed. */
    public DeploymentFailure prefixed(String prefix) {
        return new DeploymentFailure(kind, prefix + message, logTail);
    }
}
