package dev.sluice.client;

import java.net.URI;
import java.time.Duration;

/**
 * One poll of a long-running operation that was still in progress.
 *
 * @param operation the URL polled
 * @param attempt 1 for the first poll
 * @param elapsed time since the wait began
 * @param status the operation status, {@code InProgress} while it runs
 */
public record OperationProgress(URI operation, int attempt, Duration elapsed, String status) {}
