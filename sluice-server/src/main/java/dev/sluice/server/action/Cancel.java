package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import java.util.Optional;

/** Cancels the job's current Flink job if it still runs, waits until it ended, and records it. */
final class Cancel {

    private final FlinkCalls calls;
    private final AwaitEnded awaitEnded;

    Cancel(FlinkCalls calls, AwaitEnded awaitEnded) {
        this.calls = calls;
        this.awaitEnded = awaitEnded;
    }

    ActionRun run(ActionRun run) {
        return cancel(run, run.job().run().flinkJobId()) ? run.record(Step.CANCELLED) : run;
    }

    /**
     * Cancels {@code flinkJobId} if it still runs and waits until it ended; records nothing.
     *
     * @return false when it did not run (unknown to Flink or ended already)
     */
    boolean cancel(ActionRun run, String flinkJobId) {
        Optional<FlinkJobState> state = calls.stateOf(run, flinkJobId);
        if (state.isEmpty() || state.get().isGloballyTerminal()) {
            return false;
        }
        try {
            calls.retrying(
                    run,
                    () -> {
                        run.flink().cancelJob(flinkJobId);
                        return null;
                    });
        } catch (FlinkRequestException e) {
            // 409: it ended meanwhile; 404: it is gone. Either way it no longer runs.
            if (!e.isNotFound() && e.status() != 409) {
                throw new ActionFailure(
                        "Flink refused to cancel the job: " + e.getMessage(), e.fullText());
            }
        }
        awaitEnded.run(run, flinkJobId);
        return true;
    }
}
