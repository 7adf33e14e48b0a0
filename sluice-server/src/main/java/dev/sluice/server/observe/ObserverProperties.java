package dev.sluice.server.observe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job status observer ({@code sluice.observer.*}).
 *
 * @param tick pause between the end of one observation round and the start of the next; a round
 *     costs one Flink call per cluster (not per job), so a short tick keeps statuses fresh cheaply
 * @param checkpointEvery how often a running job's checkpoint statistics are fetched; the default
 *     is the checkpoint interval Sluice gives jobs ({@code sluice.actions.checkpoint-interval}), so
 *     they are read no more often than jobs checkpoint (LAST_STATE_UPDATE and RE_LAUNCH ask Flink
 *     themselves); this is a per-job throttle on the one per-job Flink call
 * @param enabled whether the observer runs at all
 * @param finishedGrace how long a run Flink reports FINISHED is watched for the savepoint that
 *     stopped it before it is recorded FINISHED without one: Flink's REST API serves checkpoint
 *     statistics from a cache ({@code rest.cache.checkpoint-statistics.timeout}, 3 s by default),
 *     so the first answers after a stop-with-savepoint may not show that savepoint yet
 * @param causeRereadAfter how long after a FAILED job's end time its exceptions are read again when
 *     the first answer had none: Flink serves them from a cache kept for {@code
 *     web.refresh-interval} (3 s by default), which can predate the failure; later rounds keep
 *     reading until the root cause arrives, so a cluster with a longer interval is served too
 */
@ConfigurationProperties("sluice.observer")
record ObserverProperties(
        @DefaultValue("500ms") Duration tick,
        @DefaultValue("60s") Duration checkpointEvery,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration finishedGrace,
        @DefaultValue("3s") Duration causeRereadAfter) {

    ObserverProperties {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("sluice.observer.tick must be positive: " + tick);
        }
        if (checkpointEvery == null || checkpointEvery.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.observer.checkpoint-every must not be negative: " + checkpointEvery);
        }
        if (causeRereadAfter == null || causeRereadAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.observer.cause-reread-after must not be negative: " + causeRereadAfter);
        }
        if (finishedGrace == null || finishedGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.observer.finished-grace must not be negative: " + finishedGrace);
        }
    }
}
