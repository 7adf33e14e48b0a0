package dev.sluice.server.action;

import dev.sluice.server.job.JobAction;

/**
 * Told after each step an action persisted. The server registers none; tests use it to stop a
 * server at an exact step and prove that the next one resumes from there.
 */
@FunctionalInterface
public interface ActionProgressListener {

    void stepRecorded(JobAction action);
}
