package dev.sluice.server.job;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * A job's rollback of a failed UPDATE, opted in with {@value #ENABLED}{@code : true}: the new
 * version must run with every task within {@value #TIMEOUT} (default 5 min) and then not fail for
 * as long, else the previous version runs again from the UPDATE's savepoint. A timeout that does
 * not parse takes the default.
 */
public record UpdateRollback(boolean enabled, Duration timeout) {

    public static final String ENABLED = "sluice.update.rollback";
    public static final String TIMEOUT = "sluice.update.rollback.timeout";
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public static UpdateRollback of(JobSpec spec) {
        Map<String, String> keys = spec.flinkConfiguration();
        return new UpdateRollback(
                "true".equalsIgnoreCase(keys.getOrDefault(ENABLED, "").strip()),
                timeout(keys.get(TIMEOUT)));
    }

    private static Duration timeout(String text) {
        try {
            Duration d =
                    text == null || text.isBlank()
                            ? DEFAULT_TIMEOUT
                            : DurationStyle.detectAndParse(text.strip());
            return d.isNegative() || d.isZero() ? DEFAULT_TIMEOUT : d;
        } catch (RuntimeException e) {
            return DEFAULT_TIMEOUT;
        }
    }
}
