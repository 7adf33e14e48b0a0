package dev.sluice.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The live progress of {@code --wait}, on standard error so that standard output stays the result:
 * one line rewritten in place on a terminal; in a pipeline's log, a plain line whenever the state
 * changes and at most every {@link #QUIET} while it does not.
 */
final class ProgressLine {

    static final Duration QUIET = Duration.ofSeconds(10);

    private final PrintWriter err;
    private final boolean tty;
    private String lastState;
    private Duration lastPrinted = Duration.ZERO;
    private int lastWidth;

    ProgressLine(PrintWriter err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    void update(String state, Duration elapsed) {
        String line = state + " (" + elapsed.toSeconds() + " s)";
        if (tty) {
            // Spaces wipe what is left of a longer previous line.
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            err.flush();
        } else if (!state.equals(lastState) || elapsed.minus(lastPrinted).compareTo(QUIET) >= 0) {
            err.println(line);
            lastPrinted = elapsed;
        }
        lastState = state;
    }

    /** Ends the line on a terminal, so that what follows starts on its own. */
    void end() {
        if (tty && lastWidth > 0) {
            err.println();
        }
        err.flush();
    }
}
