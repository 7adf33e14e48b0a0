package dev.sluice.server.action;

/** The server is shutting down: the action stays IN_PROGRESS and resumes on the next start. */
final class EngineStopping extends RuntimeException {

    EngineStopping() {
        super("engine stopping", null, false, false);
    }
}
