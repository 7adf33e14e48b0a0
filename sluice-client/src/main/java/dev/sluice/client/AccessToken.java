package dev.sluice.client;

import java.time.Instant;

/**
 * An access token and when it expires, as a token URL issued it; a CLI may store it to reuse it
 * across runs.
 *
 * @param value the bearer token
 * @param expiresAt when the server stops accepting it
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("value must not be blank");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("expiresAt is required");
        }
    }

    /** Whether the token is still good at {@code now} with {@code margin} to spare. */
    public boolean validAt(Instant now, java.time.Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // Never print the token itself.
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
