package dev.sluice.server.job;

/** The seeds' actionResult values. */
public enum ActionResult {
    IN_PROGRESS,
    SUCCESS,
    FAILED
}
