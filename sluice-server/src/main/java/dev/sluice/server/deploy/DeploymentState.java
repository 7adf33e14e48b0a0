package dev.sluice.server.deploy;

import java.net.URI;

/** What {@link DeploymentTarget#observe} saw of a deployment. */
public sealed interface DeploymentState {

    /** Applied, not ready yet. */
    record Deploying() implements DeploymentState {}

    /**
     * Running and answering.
     *
     * @param restUrl Flink's REST endpoint
     * @param flinkVersion the full Flink version it runs, null when the target cannot tell
     */
    record Ready(URI restUrl, String flinkVersion) implements DeploymentState {}

    /** It did not come up (or went down); {@link DeploymentFailure} says why. */
    record Failed(DeploymentFailure failure) implements DeploymentState {}

    /** The target holds no such deployment. */
    record Missing() implements DeploymentState {}
}
