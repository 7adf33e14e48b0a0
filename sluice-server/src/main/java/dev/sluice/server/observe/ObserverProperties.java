package dev.sluice.server.observe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job status observer ({@code sluice.observer.*}).
 *
 * @param tick pause between the end of one observation round and the start of the next
 * @param checkpointEvery how often a running job's checkpoint statistics are fetched; checkpoints
 *     are minutes apart in most jobs, so this is a per-job throttle on the one per-job Flink call
 * @param enabled whether the observer runs at all
 * @param finishedGrace how long a run Flink reports FINISHED is watched for the savepoint that
 *     stopped it before it is recorded FINISHED without one: Flink's REST API serves checkpoint
 *     statistics from a cache ({@code rest.cache.checkpoint-statistics.timeout}, 3 s by default),
 *     so the first answers after a stop-with-savepoint may not show that savepoint yet
 */
@ConfigurationProperties("sluice.observer")
record ObserverProperties(
        @DefaultValue("2s") Duration tick,
        @DefaultValue("10s") Duration checkpointEvery,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration finishedGrace) {

    ObserverProperties {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("sluice.observer.tick must be positive: " + tick);
        }
        if (checkpointEvery == null || checkpointEvery.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.observer.checkpoint-every must not be negative: " + checkpointEvery);
        }
        if (finishedGrace == null || finishedGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.observer.finished-grace must not be negative: " + finishedGrace);
        }
    }
}
