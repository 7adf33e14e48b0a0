package dev.sluice.client;

/**
 * Base of every failure the client reports: the server refused a call ({@link SluiceApiException}),
 * an operation did not end in time ({@link SluiceTimeoutException}), or the server could not be
 * reached or answered something unreadable (this class itself).
 */
public class SluiceClientException extends RuntimeException {

    /**
     * @param message what failed
     * @param cause the underlying failure, or null
     */
    public SluiceClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed
     */
    public SluiceClientException(String message) {
        super(message);
    }
}
