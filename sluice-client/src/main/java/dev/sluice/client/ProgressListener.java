package dev.sluice.client;

/** Told after each poll of a long-running operation that is still in progress. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = progress -> {};

    /** Called on the waiting thread; an exception thrown here ends the wait. */
    void onProgress(OperationProgress progress);
}
