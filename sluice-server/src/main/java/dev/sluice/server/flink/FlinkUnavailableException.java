package dev.sluice.server.flink;

import java.util.OptionalInt;

/**
 * Flink could not be reached or is temporarily unable to answer (refused or reset connection,
 * timeout, interruption, HTTP 502/503/504); the caller may retry later.
 */
public class FlinkUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** HTTP status when Flink (or a proxy) answered at all; -1 when there was no response. */
    private final int status;

    /** For failures without an HTTP response: I/O errors, timeouts, interruption. */
    public FlinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** For an HTTP answer that says "try again later". */
    public FlinkUnavailableException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, when there was a response. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
