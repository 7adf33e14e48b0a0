package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import java.time.Duration;
import java.util.Optional;

/** Waits until the job's current Flink job reached a terminal state (or is gone). */
final class AwaitEnded {

    private final FlinkCalls calls;

    AwaitEnded(FlinkCalls calls) {
        this.calls = calls;
    }

    /** Waits up to the configured cancel timeout. */
    FlinkJobState run(ActionRun run) {
        return run(run, calls.properties().cancelTimeout());
    }

    FlinkJobState run(ActionRun run, Duration timeout) {
        return run(run, run.job().run().flinkJobId(), timeout);
    }

    /** Waits for {@code flinkJobId}, up to the configured cancel timeout. */
    FlinkJobState run(ActionRun run, String flinkJobId) {
        return run(run, flinkJobId, calls.properties().cancelTimeout());
    }

    private FlinkJobState run(ActionRun run, String flinkJobId, Duration timeout) {
        return calls.await(
                timeout,
                "the Flink job to end",
                () -> {
                    Optional<FlinkJobState> s = calls.stateOf(run, flinkJobId);
                    return s.isEmpty()
                            ? FlinkJobState.UNKNOWN
                            : s.get().isGloballyTerminal() ? s.get() : null;
                });
    }
}
