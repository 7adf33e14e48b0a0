package dev.sluice.server.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lease timing ({@code sluice.leases.*}) and this server's id ({@code sluice.server.id}, read by
 * {@link ServerId}).
 *
 * @param duration how long a claim lasts without renewal: a dead server's work is taken over within
 *     about this plus {@code renewEvery}
 * @param renewEvery how often held claims are renewed and lost ones looked for
 */
@ConfigurationProperties("sluice.leases")
public record LeaseProperties(
        @DefaultValue("10s") Duration duration, @DefaultValue("2s") Duration renewEvery) {}
