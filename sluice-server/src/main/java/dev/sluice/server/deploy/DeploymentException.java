package dev.sluice.server.deploy;

/** A deployment call that must fail, carrying the typed reason; its message is the reason's. */
public class DeploymentException extends RuntimeException {

    private final DeploymentFailure failure;

    public DeploymentException(DeploymentFailure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public DeploymentException(DeploymentFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public DeploymentException(DeploymentFailure.Kind kind, String message) {
        this(DeploymentFailure.of(kind, message));
    }

    public DeploymentException(DeploymentFailure.Kind kind, String message, Throwable cause) {
        this(DeploymentFailure.of(kind, message), cause);
    }

    public DeploymentFailure failure() {
        return failure;
    }
}
