package dev.sluice.server.flink;

import org.jspecify.annotations.Nullable;

/**
 * The most recent failure of a job, from GET /jobs/:jobid/exceptions.
 *
 * @param exceptionName class of the outermost exception, e.g. org.apache.flink.runtime.JobException
 * @param message first line of the stack trace: outermost exception and its message
 * @param rootCause the deepest "Caused by" (or the first line when there is none); usually the user
 *     code's exception, e.g. "java.lang.IllegalStateException: boom"
 * @param stackTrace the full stack trace as Flink reports it
 * @param timestamp when it happened, epoch millis, if Flink says
 * @param taskName the failing task, when Flink attributes the failure to one
 */
public record JobFailure(
        String exceptionName,
        String message,
        String rootCause,
        String stackTrace,
        @Nullable Long timestamp,
        @Nullable String taskName) {

    /** Builds the record from a raw stack trace, deriving message and root cause from it. */
    public static JobFailure fromStackTrace(
            @Nullable String exceptionName,
            String stackTrace,
            @Nullable Long timestamp,
            @Nullable String taskName) {
        String first = FlinkErrorText.firstLine(stackTrace);
        String name = exceptionName;
        if (name == null || name.isBlank()) {
            int colon = first.indexOf(':');
            name = colon > 0 ? first.substring(0, colon) : first;
        }
        return new JobFailure(
                name,
                first,
                FlinkErrorText.deepestCause(stackTrace),
                stackTrace,
                timestamp,
                taskName);
    }

    /** One line for humans: the first line, plus the root cause when it differs. */
    public String summary() {
        return FlinkErrorText.summarize(stackTrace);
    }
}
