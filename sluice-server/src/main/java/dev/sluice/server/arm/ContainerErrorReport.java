package dev.sluice.server.arm;

import dev.sluice.api.ErrorResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report in the ARM error shape instead of its HTML page. Tomcat answers some
 * requests before any filter or servlet sees them (a path with {@code %00}, an encoded {@code /} or
 * {@code \}, bytes that are not UTF-8); without this their 400 would be an HTML document.
 *
 * <p>Public with a public constructor: Tomcat's host instantiates it by class name.
 */
public class ContainerErrorReport extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String BAD_REQUEST =
            "The request is not valid: its URL or a header holds something the server refuses"
                    + " (such as %00, an encoded '/' or '\\', %-escapes that are not UTF-8, or a"
                    + " control character)";

    static String code(int status) {
        return switch (status) {
            case 405 -> "MethodNotAllowed";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }

    static String message(int status) {
        return status == 400 ? BAD_REQUEST : "The request failed with HTTP status " + status;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() == 501 && !response.isCommitted()) {
            // Tomcat's 501 is for what a client sent (CONNECT, an unknown Transfer-Encoding).
            boolean connect = "CONNECT".equals(request.getMethod());
            if (connect) {
                response.setHeader("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
            }
            response.setStatus(connect ? 405 : 400);
        }
        int status = response.getStatus();
        // As Tomcat's own report: not for a success, not over a body already written, once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ErrorResponse body = ErrorResponse.of(code(status), message(status), null);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is unusable: nothing left to report to.
        }
    }
}
