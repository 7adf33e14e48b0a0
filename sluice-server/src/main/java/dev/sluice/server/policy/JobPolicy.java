package dev.sluice.server.policy;

import dev.sluice.server.job.Job;
import dev.sluice.server.savepoint.Retention;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * The policies a job's {@code sluice.*} keys ask for: a savepoint every {@code
 * sluice.savepoint.interval} (e.g. {@code 30m}; none when absent) and the retention of periodic and
 * manual savepoints ({@code sluice.savepoint.retention.count}, default 10, and {@code
 * sluice.savepoint.retention.age}, e.g. {@code 7d}, none when absent). A value that does not parse
 * turns its policy off rather than guess; {@link #problem} says which.
 */
record JobPolicy(Duration savepointInterval, Retention retention, String problem) {

    static final String INTERVAL = "sluice.savepoint.interval";
    static final String RETENTION_COUNT = "sluice.savepoint.retention.count";
    static final String RETENTION_AGE = "sluice.savepoint.retention.age";

    static JobPolicy of(Job job) {
        Map<String, String> keys = job.spec().flinkConfiguration();
        StringBuilder problems = new StringBuilder();
        Duration interval = duration(keys, INTERVAL, problems);
        Duration age = duration(keys, RETENTION_AGE, problems);
        int count = Retention.DEFAULT_COUNT;
        String countText = keys.get(RETENTION_COUNT);
        if (countText != null) {
            try {
                count = Integer.parseInt(countText.strip());
                if (count < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.append(RETENTION_COUNT).append(" '").append(countText).append("' ");
                count = Retention.DEFAULT_COUNT;
            }
        }
        return new JobPolicy(
                interval,
                new Retention(count, age),
                problems.isEmpty() ? null : "ignored: " + problems.toString().strip());
    }

    private static Duration duration(Map<String, String> keys, String key, StringBuilder problems) {
        String text = keys.get(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = DurationStyle.detectAndParse(text.strip());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            problems.append(key).append(" '").append(text).append("' ");
            return null;
        }
    }
}
