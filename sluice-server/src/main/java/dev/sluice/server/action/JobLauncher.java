package dev.sluice.server.action;

import java.util.Map;

/**
 * How a job's runs are launched on its cluster, chosen once when an action starts (as the Flink
 * Kubernetes Operator's ReconcilerFactory chooses a reconciler): a session cluster runs the jar
 * through REST, an Application-mode cluster is deployed again with the run.
 */
interface JobLauncher {

    /**
     * Launches {@code flinkJobId} from {@code restorePath} (null: without state) unless it already
     * runs, and returns the action on the cluster that runs it. Idempotent, so a resumed action may
     * call it again.
     *
     * @param fresh true when the action chose {@code flinkJobId} just now, so no cluster can know
     *     it yet and there is nothing to look up before launching
     */
    ActionRun launch(ActionRun run, String flinkJobId, String restorePath, boolean fresh);

    /** DELETE: removes what the job has besides its record, and says what was deleted. */
    String delete(ActionRun run);

    /**
     * False when the cluster has no processes (a failed redeploy of an Application-mode cluster):
     * then the status the action recorded is the truth, not "unreachable".
     */
    boolean hasProcesses(ActionRun run);

    /**
     * Whether an UPDATE with {@code sluice.update.rollback} rolls back through this launcher: both
     * a session and an Application-mode cluster do.
     */
    boolean rollsBack();

    /**
     * What an UPDATE with rollback keeps besides the job's spec before it touches Flink, and the
     * launcher puts back when it launches the previous version ({@link Rollback#rollingBack}): an
     * Application-mode cluster's definition, which its upgrade changes. Empty by default: a session
     * cluster's does not change.
     */
    default Map<String, String> definition(ActionRun run) {
        return Map.of();
    }
}
