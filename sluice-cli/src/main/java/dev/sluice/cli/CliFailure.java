package dev.sluice.cli;

/** A command failed for a reason of its own (a file it cannot read); exit code 1. */
final class CliFailure extends RuntimeException {

    CliFailure(String message, Throwable cause) {
        super(message, cause);
    }

    CliFailure(String message) {
        super(message);
    }
}
