package dev.sluice.server.deploy;

import java.net.URI;
import java.time.Instant;

/** What {@link DeploymentTarget#observe} saw of a deployment. */
public sealed interface DeploymentState {

    /** Applied, not ready yet. */
    record Deploying() implements DeploymentState {}

    /**
     * Running and answering.
     *
     * @param restUrl Flink's REST endpoint
     * @param flinkVersion the full Flink version it runs, null when the target cannot tell
     * @param jobManagerSince when the JobManager serving now was started, null when the target
     *     cannot tell; a later value than before means the target started it again (its
     *     supervision, after the process died), and without Flink HA the new one knows no job
     */
    record Ready(URI restUrl, String flinkVersion, Instant jobManagerSince)
            implements DeploymentState {

        /** Ready, from a target that cannot tell when its JobManager started. */
        public Ready(URI restUrl, String flinkVersion) {
            this(restUrl, flinkVersion, null);
        }
    }

    /** It did not come up (or went down); {@link DeploymentFailure} says why. */
    record Failed(DeploymentFailure failure) implements DeploymentState {}

    /** The target holds no such deployment. */
    record Missing() implements DeploymentState {}
}
