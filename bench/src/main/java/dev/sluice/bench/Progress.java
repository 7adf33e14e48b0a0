package dev.sluice.bench;

import java.util.Locale;

/** Progress lines on standard output, stamped with the seconds since the run began. */
final class Progress {

    private final long startNanos = System.nanoTime();

    void say(String format, Object... args) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                Locale.ROOT, "[%6.1f s] %s%n", seconds, String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
