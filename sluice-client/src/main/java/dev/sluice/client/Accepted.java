package dev.sluice.client;

import java.time.Duration;

/** Turns an answer that may start a long-running operation into an {@link Operation}. */
final class Accepted {

    private Accepted() {}

    /**
     * ARM lets a PUT answer 200 or 201, and a DELETE or POST 202, for an operation that goes on:
     * the polling headers, not the status, say whether there is something to wait for.
     */
    static <T> Operation<T> operation(
            Transport transport, Transport.Answer answer, T resource, Class<T> type) {
        String location = answer.header("Location");
        String async = answer.header("Azure-AsyncOperation");
        if (answer.status() == 204 || (location == null && async == null)) {
            return new Operation<>(null, null, null, resource, type);
        }
        return new Operation<>(
                location == null ? null : transport.link(location),
                async == null ? null : transport.link(async),
                Operations.retryAfter(answer.header("Retry-After"), (Duration) null),
                resource,
                type);
    }
}
