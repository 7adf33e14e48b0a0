package dev.sluice.client;

import java.net.URI;
import java.time.Duration;

/**
 * A long-running operation the server accepted: the URLs to poll, and the resource as the server
 * described it on acceptance. Wait for its end with {@link Operations#await}.
 *
 * @param location the {@code Location} URL: 202 while in progress, then the final resource; or null
 * @param asyncOperation the {@code Azure-AsyncOperation} status URL, or null
 * @param retryAfter the server's suggested poll interval, or null
 * @param accepted the resource in the acceptance answer, or null
 * @param resultType the type of the final resource ({@code Void} when there is none)
 * @param <T> the type of the final resource
 */
public record Operation<T>(
        URI location, URI asyncOperation, Duration retryAfter, T accepted, Class<T> resultType) {

    /** Whether there is nothing to wait for: the server finished the call at once. */
    public boolean done() {
        return location == null && asyncOperation == null;
    }

    /** The operation's id: the last path segment of its polling URL, or null when done. */
    public String id() {
        URI url = location != null ? location : asyncOperation;
        if (url == null) {
            return null;
        }
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
