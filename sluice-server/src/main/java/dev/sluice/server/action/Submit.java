package dev.sluice.server.action;

import dev.sluice.server.common.Ids;
import dev.sluice.server.job.JobStatus;
import java.time.Duration;

/**
 * Submits a new run of the job: chooses its Flink job id and records it before anything is
 * launched, launches it through the action's {@link JobLauncher}, records it submitted, and waits
 * until it runs. A resumed action reuses the recorded id, so Flink never runs the job twice.
 */
final class Submit {

    private final AwaitRunning awaitRunning;

    Submit(AwaitRunning awaitRunning) {
        this.awaitRunning = awaitRunning;
    }

    /** Applies new arguments (START, UPDATE and STATELESS_UPDATE may carry them), then submits. */
    ActionRun restart(ActionRun run, String restorePath) {
        return restart(run, restorePath, null);
    }

    /**
     * As {@link #restart(ActionRun, String)}, waiting up to {@code timeout} (null: the configured
     * submission timeout) for the run to run.
     */
    ActionRun restart(ActionRun run, String restorePath, Duration timeout) {
        String args = run.parameter("args");
        if (args != null && !args.equals(run.job().spec().args())) {
            run = run.updateJob(job -> job.withArgs(args.trim()));
        }
        return run(run, restorePath, timeout);
    }

    /** Submits the job's jar as it is now in storage, restoring from {@code restorePath} if any. */
    ActionRun run(ActionRun run, String restorePath) {
        return run(run, restorePath, null);
    }

    private ActionRun run(ActionRun run, String restorePath, Duration timeout) {
        boolean fresh = run.progress().flinkJobId() == null;
        if (fresh) {
            String chosen = Ids.newId();
            run = run.record(Step.SUBMITTING, a -> a.withFlinkJobId(chosen));
        }
        String flinkJobId = run.progress().flinkJobId();
        ActionRun launched = run.launcher().launch(run, flinkJobId, restorePath, fresh);
        String actionId = launched.action().id();
        ActionRun submitted =
                launched.updateJob(
                                current ->
                                        current.withRun(flinkJobId, actionId)
                                                .withStatus(JobStatus.INITIALIZING, null))
                        .record(Step.SUBMITTED);
        return timeout == null
                ? awaitRunning.run(submitted)
                : awaitRunning.run(submitted, timeout, Step.RUNNING);
    }
}
