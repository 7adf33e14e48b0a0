package dev.sluice.server.action;

/** An action cannot complete; the message goes to jobOutput, the detail to the action history. */
class ActionFailure extends RuntimeException {

    private final String detail;

    ActionFailure(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    ActionFailure(String message) {
        this(message, null);
    }

    String detail() {
        return detail == null ? getMessage() : detail;
    }
}
