package dev.sluice.client;

/**
 * Where the client gets the bearer token it sends with every call: none, a fixed token, or {@link
 * ClientCredentials} against the server's token URL. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenProvider {

    /** The access token to send as {@code Authorization: Bearer ...}, or null to send none. */
    String token();

    /**
     * Forgets a token the server refused with 401.
     *
     * @return true when asking {@link #token()} again may give a different token worth a retry
     */
    default boolean invalidate() {
        return false;
    }

    /** Sends no token: for a server without authentication. */
    static TokenProvider none() {
        return () -> null;
    }

    /** Always sends this token; a refused token is not retried. */
    static TokenProvider of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        return () -> token;
    }
}
