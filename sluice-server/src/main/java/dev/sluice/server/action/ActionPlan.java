package dev.sluice.server.action;

/**
 * What one action type does, as the sequence of its steps. Each step first checks what the action
 * already recorded, so a resumed action picks up where the last server stopped.
 */
interface ActionPlan {

    /** Runs the action to its end; a failure is thrown ({@link ActionFailure} and others). */
    Outcome run(ActionRun run);
}
