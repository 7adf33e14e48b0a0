package dev.sluice.client;

import java.net.URI;
import java.time.Duration;

/**
 * A long-running operation was still in progress when the caller's timeout ran out. The operation
 * itself goes on on the server; poll {@link #operation()} again to learn how it ended.
 */
public final class SluiceTimeoutException extends SluiceClientException {

    private final URI operation;
    private final Duration waited;

    /**
     * @param operation the URL that was being polled
     * @param waited how long the client waited
     */
    public SluiceTimeoutException(URI operation, Duration waited) {
        super(
                "The operation was still in progress after "
                        + waited.toSeconds()
                        + " s: "
                        + operation);
        this.operation = operation;
        this.waited = waited;
    }

    /** The URL that was being polled. */
    public URI operation() {
        return operation;
    }

    /** How long the client waited. */
    public Duration waited() {
        return waited;
    }
}
