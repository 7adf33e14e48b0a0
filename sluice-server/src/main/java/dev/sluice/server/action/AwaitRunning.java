package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.job.JobRun;
import dev.sluice.server.job.JobStatus;
import java.time.Duration;

/**
 * Waits until the run the action submitted RUNS with all its tasks, and records it running; a run
 * that ended instead fails the action with Flink's reason.
 */
final class AwaitRunning {

    private final FlinkCalls calls;

    AwaitRunning(FlinkCalls calls) {
        this.calls = calls;
    }

    ActionRun run(ActionRun run) {
        return run(run, calls.properties().submissionTimeout(), Step.RUNNING);
    }

    /** Waits up to {@code timeout}, then records {@code running}. */
    ActionRun run(ActionRun run, Duration timeout, Step running) {
        until(run, timeout);
        // The job's row turns RUNNING when the action ends (in the same transaction): a crash
        // before that resumes the action, which walks through this wait again.
        return run.record(running);
    }

    /** Waits up to {@code timeout} and records nothing; a run that ended fails the action. */
    void until(ActionRun run, Duration timeout) {
        String flinkJobId = run.progress().flinkJobId();
        FlinkJobState state =
                calls.await(
                        timeout,
                        "the job to run",
                        () -> {
                            FlinkJobState s = runningState(run, flinkJobId);
                            return s == FlinkJobState.RUNNING || s.isGloballyTerminal() ? s : null;
                        });
        if (state != FlinkJobState.RUNNING) {
            JobFailure failure = run.flink().jobFailure(flinkJobId).orElse(null);
            // Flink answers the exceptions from a cache that may predate the failure: then the
            // reason is marked pending, and the observer completes it once Flink reports it.
            String pending =
                    failure == null && state == FlinkJobState.FAILED ? JobRun.CAUSE_PENDING : "";
            run.updateJob(
                    current ->
                            current.withStatus(
                                    JobStatus.fromFlink(state),
                                    failure == null ? null : failure.summary()));
            throw new ActionFailure(
                    "The job "
                            + state
                            + " instead of running"
                            + (failure == null ? pending : ": " + failure.summary()),
                    failure == null ? null : failure.stackTrace());
        }
    }

    /**
     * The job's state from the live overview, where RUNNING also requires every task to run: Flink
     * reports a job RUNNING while its tasks still deploy, and a savepoint asked for then fails. A
     * job Flink does not list yet is still being submitted.
     */
    private FlinkJobState runningState(ActionRun run, String flinkJobId) {
        return calls.overviewOf(run, flinkJobId)
                .map(
                        job ->
                                job.state() == FlinkJobState.RUNNING && !job.runs()
                                        ? FlinkJobState.INITIALIZING
                                        : job.state())
                .orElse(FlinkJobState.INITIALIZING);
    }
}
