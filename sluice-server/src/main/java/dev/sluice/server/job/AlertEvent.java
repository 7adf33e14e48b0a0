package dev.sluice.server.job;

import java.time.Instant;

/**
 * One webhook event of the outbox ({@code alert_events}) and how its delivery went.
 *
 * @param secret the HMAC secret to sign with, null for none; never rendered
 * @param state PENDING, DELIVERED or FAILED (attempts exhausted)
 * @param lastStatus the receiver's HTTP status of the latest attempt, null when none answered
 */
public record AlertEvent(
        String id,
        long jobId,
        String type,
        String url,
        String secret,
        String body,
        String state,
        int attempts,
        Instant nextAttempt,
        Integer lastStatus,
        String lastError,
        Instant updatedAt) {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    @Override
    public String toString() {
        // Records print every component; the secret is not one to print.
        return "AlertEvent[" + id + " " + type + " of job " + jobId + ", " + state + "]";
    }
}
