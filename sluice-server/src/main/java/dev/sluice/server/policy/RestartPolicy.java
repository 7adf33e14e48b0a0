package dev.sluice.server.policy;

import dev.sluice.server.job.Job;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * A job's automatic restart, opted in with {@code sluice.restart.on-failure: true}: at most {@code
 * sluice.restart.limit} (5) restarts in {@code sluice.restart.window} (1h), the first {@code
 * sluice.restart.backoff} (10s) after the last action ended, each next one twice as long after the
 * previous restart. A value that does not parse takes the default.
 */
record RestartPolicy(boolean enabled, int limit, Duration window, Duration backoff) {

    static final String ON_FAILURE = "sluice.restart.on-failure";
    static final String LIMIT = "sluice.restart.limit";
    static final String WINDOW = "sluice.restart.window";
    static final String BACKOFF = "sluice.restart.backoff";

    static RestartPolicy of(Job job) {
        Map<String, String> keys = job.spec().flinkConfiguration();
        return new RestartPolicy(
                "true".equalsIgnoreCase(keys.getOrDefault(ON_FAILURE, "").strip()),
                count(keys.get(LIMIT), 5),
                duration(keys.get(WINDOW), Duration.ofHours(1)),
                duration(keys.get(BACKOFF), Duration.ofSeconds(10)));
    }

    /** How long after the previous restart the next one may run, {@code done} restarts in. */
    Duration delay(int done) {
        return backoff.multipliedBy(1L << Math.min(done, 20));
    }

    private static int count(String text, int fallback) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.strip());
            return value >= 1 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Duration duration(String text, Duration fallback) {
        try {
            Duration d =
                    text == null || text.isBlank() ? fallback : DurationStyle.detectAndParse(text);
            return d.isNegative() || d.isZero() ? fallback : d;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
