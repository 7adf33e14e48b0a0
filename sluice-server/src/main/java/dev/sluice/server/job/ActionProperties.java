package dev.sluice.server.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts and pacing of the action engine ({@code sluice.actions.*}).
 *
 * @param savepointTimeout how long a savepoint (or stop with savepoint) may take
 * @param submissionTimeout how long a submitted job may take to reach RUNNING
 * @param cancelTimeout how long a cancelled job may take to end
 * @param pollInterval how often Flink is asked while waiting
 * @param unavailableRetry how long an action keeps retrying while the cluster does not answer
 * @param checkpointInterval checkpoint interval given to jobs that set none, so LAST_STATE_UPDATE
 *     and RE_LAUNCH have a retained checkpoint to restore
 * @param threads actions executed at once (each job runs one at a time anyway)
 */
@ConfigurationProperties("sluice.actions")
public record ActionProperties(
        @DefaultValue("10m") Duration savepointTimeout,
        @DefaultValue("5m") Duration submissionTimeout,
        @DefaultValue("2m") Duration cancelTimeout,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("2m") Duration unavailableRetry,
        @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("4") int threads) {}
