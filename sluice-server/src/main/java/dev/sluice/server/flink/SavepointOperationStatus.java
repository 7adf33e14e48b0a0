package dev.sluice.server.flink;

import org.jspecify.annotations.Nullable;

/**
 * Where one of Flink's asynchronous savepoint operations (trigger, stop-with-savepoint, disposal)
 * stands. Once COMPLETED it either succeeded ({@code failureMessage} null; a savepoint's {@code
 * location} set) or failed ({@code failureMessage} and {@code failureStackTrace} set).
 */
public record SavepointOperationStatus(
        State state,
        @Nullable String location,
        @Nullable String failureMessage,
        @Nullable String failureStackTrace) {

    /** Flink's queue status of the operation. */
    public enum State {
        IN_PROGRESS,
        COMPLETED
    }

    public static SavepointOperationStatus inProgress() {
        return new SavepointOperationStatus(State.IN_PROGRESS, null, null, null);
    }

    public static SavepointOperationStatus succeeded(@Nullable String location) {
        return new SavepointOperationStatus(State.COMPLETED, location, null, null);
    }

    public static SavepointOperationStatus failed(String message, @Nullable String stackTrace) {
        return new SavepointOperationStatus(State.COMPLETED, null, message, stackTrace);
    }

    public boolean isInProgress() {
        return state == State.IN_PROGRESS;
    }

    public boolean isSucceeded() {
        return state == State.COMPLETED && failureMessage == null;
    }

    public boolean isFailed() {
        return state == State.COMPLETED && failureMessage != null;
    }
}
