package dev.sluice.server.flink;

import java.util.List;

/**
 * Flink understood the request and refused it (4xx, or a 500 carrying Flink's error body); retrying
 * the same request will not help.
 */
public class FlinkRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> messages;
    private final boolean notFound;

    /**
     * For fakes and for the client: {@code messages} are Flink's {@code errors} entries verbatim
     * (often whole server-side stack traces); the exception message is a summary of them.
     */
    public FlinkRequestException(int status, List<String> messages) {
        this(status, messages, status == 404, null);
    }

    FlinkRequestException(int status, List<String> messages, boolean notFound, String request) {
        super(describe(status, messages, request));
        this.status = status;
        this.messages = List.copyOf(messages);
        this.notFound = notFound;
    }

    /** The HTTP status Flink answered with. */
    public int status() {
        return status;
    }

    /** Flink's error entries, untrimmed, for logs and for anyone who needs the full trace. */
    public List<String> messages() {
        return messages;
    }

    /** The full text of Flink's error entries, joined. */
    public String fullText() {
        return String.join("\n", messages);
    }

    /**
     * True when the addressed job, jar or trigger id is unknown to Flink: HTTP 404, and also the
     * 400/500 that Flink's jar handlers answer for a jar id that is not (or no longer) stored.
     */
    public boolean isNotFound() {
        return notFound;
    }

    private static String describe(int status, List<String> messages, String request) {
        String summary =
                messages.isEmpty()
                        ? "(no error message)"
                        : FlinkErrorText.summarize(String.join("\n", messages));
        String where = request == null ? "" : " to " + request;
        return "Flink answered HTTP " + status + where + ": " + summary;
    }
}
