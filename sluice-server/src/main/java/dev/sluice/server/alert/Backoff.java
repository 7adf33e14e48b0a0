package dev.sluice.server.alert;

import java.time.Duration;

/**
 * Exponential backoff between delivery attempts: {@code first}, twice that, ..., at most {@code
 * max}.
 */
record Backoff(Duration first, Duration max) {

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be positive and at most its max");
        }
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    Duration after(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        Duration wait = first.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
