package dev.sluice.server.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the webhook sender ({@code sluice.alerts.*}).
 *
 * @param tick pause between two looks at the outbox
 * @param maxAttempts attempts per event before it is given up as FAILED
 * @param backoff the wait after the first failed attempt, doubled after each next one
 * @param maxBackoff the longest wait between two attempts
 * @param timeout how long one attempt may take (connect and answer)
 * @param enabled whether the sender runs at all
 */
@ConfigurationProperties("sluice.alerts")
record AlertProperties(
        @DefaultValue("500ms") Duration tick,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1s") Duration backoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("true") boolean enabled) {

    AlertProperties {
        if (tick.isNegative() || tick.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sluice.alerts.tick and timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("sluice.alerts.max-attempts must be at least 1");
        }
    }

    Backoff schedule() {
        return new Backoff(backoff, maxBackoff);
    }
}
