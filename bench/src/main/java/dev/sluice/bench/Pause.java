package dev.sluice.bench;

import java.time.Duration;

/** Sleeping that turns an interrupt into an unchecked stop of the benchmark. */
final class Pause {

    private Pause() {}

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
