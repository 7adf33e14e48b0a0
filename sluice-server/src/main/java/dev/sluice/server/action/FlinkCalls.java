package dev.sluice.server.action;

import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.ActionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How steps call Flink: retrying while the cluster does not answer, polling until a condition
 * holds, and asking for a job's state; all with the configured patience.
 */
final class FlinkCalls {

    private final ActionProperties properties;

    FlinkCalls(ActionProperties properties) {
        this.properties = properties;
    }

    ActionProperties properties() {
        return properties;
    }

    /** Calls Flink, retrying while the cluster does not answer, up to the configured patience. */
    <T> T retrying(ActionRun run, Supplier<T> call) {
        Instant deadline = Instant.now().plus(properties.unavailableRetry());
        while (true) {
            try {
                return call.get();
            } catch (FlinkUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ActionFailure(
                            "Cluster '"
                                    + run.cluster().name()
                                    + "' did not answer for "
                                    + properties.unavailableRetry().toSeconds()
                                    + " s: "
                                    + e.getMessage());
                }
                pause();
            }
        }
    }

    /** Polls until {@code poll} gives a value, failing the action after {@code timeout}. */
    <T> T await(Duration timeout, String what, Supplier<T> poll) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ActionFailure(
                        "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause();
        }
    }

    /** The Flink state of a job id, empty when Flink does not know it. */
    Optional<FlinkJobState> stateOf(ActionRun run, String flinkJobId) {
        if (flinkJobId == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(retrying(run, () -> run.flink().jobDetail(flinkJobId).state()));
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStopping();
        }
    }
}
