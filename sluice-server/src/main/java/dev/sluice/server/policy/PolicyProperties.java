package dev.sluice.server.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the jobs' own policies ({@code sluice.policies.*}): periodic savepoints and
 * retention.
 *
 * @param tick pause between two rounds over the jobs
 * @param enabled whether the rounds run at all
 */
@ConfigurationProperties("sluice.policies")
record PolicyProperties(@DefaultValue("1s") Duration tick, @DefaultValue("true") boolean enabled) {

    PolicyProperties {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("sluice.policies.tick must be positive: " + tick);
        }
    }
}
