package dev.sluice.server.action;

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
     * Whether an UPDATE with {@code sluice.update.rollback} rolls back through this launcher: a
     * session cluster does; an Application-mode upgrade does not yet (its cluster's definition
     * changed with the new version too).
     */
    boolean rollsBack();
}
