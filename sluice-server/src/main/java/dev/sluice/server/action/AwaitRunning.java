package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.JobDetail;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.job.JobStatus;

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
        String flinkJobId = run.progress().flinkJobId();
        FlinkJobState state =
                calls.await(
                        calls.properties().submissionTimeout(),
                        "the job to run",
                        () -> {
                            FlinkJobState s = runningState(run, flinkJobId);
                            return s == FlinkJobState.RUNNING || s.isGloballyTerminal() ? s : null;
                        });
        if (state != FlinkJobState.RUNNING) {
            JobFailure failure = run.flink().jobFailure(flinkJobId).orElse(null);
            run.updateJob(
                    current ->
                            current.withStatus(
                                    JobStatus.fromFlink(state),
                                    failure == null ? null : failure.summary()));
            throw new ActionFailure(
                    "The job "
                            + state
                            + " instead of running"
                            + (failure == null ? "" : ": " + failure.summary()),
                    failure == null ? null : failure.stackTrace());
        }
        return run.updateJob(current -> current.withStatus(JobStatus.RUNNING, null))
                .record(Step.RUNNING);
    }

    /**
     * The job's state, where RUNNING also requires every task to run: Flink reports a job RUNNING
     * while its tasks still deploy, and a savepoint asked for then fails.
     */
    private FlinkJobState runningState(ActionRun run, String flinkJobId) {
        try {
            JobDetail detail = calls.retrying(run, () -> run.flink().jobDetail(flinkJobId));
            boolean tasksRun =
                    detail.vertices().stream()
                            .allMatch(
                                    v ->
                                            "RUNNING".equals(v.status())
                                                    || "FINISHED".equals(v.status()));
            return detail.state() == FlinkJobState.RUNNING && !tasksRun
                    ? FlinkJobState.INITIALIZING
                    : detail.state();
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return FlinkJobState.INITIALIZING;
            }
            throw e;
        }
    }
}
