package dev.sluice.server.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Boils Flink's server-side stack traces down to the line(s) a human needs to read. */
final class FlinkErrorText {

    /** Past this, a summary stops helping a reader and starts flooding logs and UIs. */
    private static final int MAX_SUMMARY_CHARS = 1000;

    private static final Pattern FRAME = Pattern.compile("^\\s+at .*");
    private static final Pattern ELIDED = Pattern.compile("^\\s*\\.\\.\\. \\d+ more\\s*$");

    /**
     * Exceptions Flink wraps everything in; their own text only repeats the wrapped one, so
     * dropping them makes the first line say what actually happened.
     */
    private static final List<String> WRAPPERS =
            List.of(
                    "java.util.concurrent.CompletionException: ",
                    "java.util.concurrent.ExecutionException: ",
                    "org.apache.flink.runtime.rest.handler.RestHandlerException: ");

    /** Lines Flink's REST layer adds around a 500 that carry no information of their own. */
    private static final List<String> NOISE =
            List.of(
                    "Internal server error.",
                    "<Exception on server side:",
                    "End of exception on server side>");

    private static final String CAUSED_BY = "Caused by: ";

    private FlinkErrorText() {}

    /**
     * The headline of a stack trace plus, when it says something different, its deepest cause:
     * Flink's top-level messages are often generic ("Could not execute application.") while the
     * real reason sits at the bottom of the chain.
     */
    static String summarize(String text) {
        List<String> lines = informativeLines(text);
        if (lines.isEmpty()) {
            String trimmed = text.strip();
            return trimmed.isEmpty() ? "(no message)" : cap(trimmed.lines().findFirst().get());
        }
        String head = stripWrappers(lines.get(0));
        String root = rootCause(lines);
        if (root == null || head.contains(root)) {
            return cap(head);
        }
        return cap(head + "; caused by: " + root);
    }

    /** The first line of a stack trace, i.e. the outermost exception and its message. */
    static String firstLine(String text) {
        List<String> lines = informativeLines(text);
        return cap(lines.isEmpty() ? text.strip() : lines.get(0));
    }

    /** The deepest "Caused by" of a stack trace, or its first line when it has no cause. */
    static String deepestCause(String text) {
        List<String> lines = informativeLines(text);
        if (lines.isEmpty()) {
            return cap(text.strip());
        }
        String root = rootCause(lines);
        return cap(root != null ? root : stripWrappers(lines.get(0)));
    }

    private static String rootCause(List<String> lines) {
        String root = null;
        for (String line : lines) {
            if (line.startsWith(CAUSED_BY)) {
                root = line.substring(CAUSED_BY.length());
            }
        }
        return root == null ? null : stripWrappers(root);
    }

    private static List<String> informativeLines(String text) {
        List<String> result = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()
                    || FRAME.matcher(line).matches()
                    || ELIDED.matcher(line).matches()
                    || NOISE.contains(line.strip())) {
                continue;
            }
            result.add(line.strip());
        }
        return result;
    }

    private static String stripWrappers(String line) {
        String current = line;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String wrapper : WRAPPERS) {
                if (current.startsWith(wrapper) && current.length() > wrapper.length()) {
                    current = current.substring(wrapper.length());
                    stripped = true;
                }
            }
        }
        return current;
    }

    private static String cap(String line) {
        return line.length() <= MAX_SUMMARY_CHARS
                ? line
                : line.substring(0, MAX_SUMMARY_CHARS) + "…";
    }
}
