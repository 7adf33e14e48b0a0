package dev.sluice.server.arm;

import dev.sluice.api.ErrorResponse;
import dev.sluice.server.common.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/** Turns every error into the ARM {@code ErrorResponse} with a stable code; a 500 only for bugs. */
@RestControllerAdvice
class ArmErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ArmErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorResponse> api(ApiException e) {
        return respond(e.status(), e.code(), e.getMessage(), e.target());
    }

    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorResponse> unparsable(JacksonException e) {
        return invalidJson(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson) {
            return invalidJson(jackson);
        }
        return respond(
                400, "InvalidRequestContent", "The request body is missing or unreadable", null);
    }

    private static ResponseEntity<ErrorResponse> invalidJson(JacksonException jackson) {
        String field =
                jackson.getPath().stream()
                        .map(
                                ref ->
                                        ref.getPropertyName() != null
                                                ? ref.getPropertyName()
                                                : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                        .replace(".[", "[");
        String problem = jackson.getOriginalMessage();
        int cut = problem.indexOf('\n');
        problem = cut > 0 ? problem.substring(0, cut) : problem;
        return respond(
                400,
                "InvalidRequestContent",
                field.isEmpty()
                        ? "The request body is not valid JSON: " + problem
                        : "Field '" + field + "' has the wrong type or format: " + problem,
                field.isEmpty() ? null : field);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(
                415,
                "UnsupportedMediaType",
                "Send the body as application/json: " + e.getMessage(),
                null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
        return respond(405, "MethodNotAllowed", e.getMessage(), null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorResponse> missingParameter(MissingServletRequestParameterException e) {
        return respond(400, "MissingParameter", e.getMessage(), e.getParameterName());
    }

    /**
     * Tomcat reads the query string when a parameter is first asked for, and refuses it then if a
     * %-escape does not decode to UTF-8 (or there are too many parameters).
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ErrorResponse> undecodableParameter(InvalidParameterException e) {
        return respond(
                clientStatus(e.getErrorCode()), "InvalidParameter", UNDECODABLE_PARAMETERS, null);
    }

    /** Why Tomcat refused the parameters; never their (possibly garbled, possibly secret) text. */
    static final String UNDECODABLE_PARAMETERS =
            "The query parameters could not be read: each must be %-encoded UTF-8 (no bytes such"
                    + " as %ff or a lone '%'), and there may be at most a few thousand";

    /** Tomcat's status for refused parameters, as a client error whatever it says. */
    static int clientStatus(int status) {
        return status >= 400 && status < 500 ? status : 400;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorResponse> parameterType(MethodArgumentTypeMismatchException e) {
        return respond(
                400,
                "InvalidParameter",
                "Parameter '" + e.getName() + "' has an invalid value",
                e.getName());
    }

    /**
     * An Accept header that names nothing the server produces, or cannot be parsed. Written by
     * hand: a body through the message converters would negotiate against the same header again.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletResponse response)
            throws IOException {
        response.setStatus(406);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream()
                .write(
                        ("{\"error\":{\"code\":\"NotAcceptable\",\"message\":\"The Accept header"
                                        + " must allow application/json (or be left out)\"}}")
                                .getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart Content-Type over a body that is not multipart (or not readable as one). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorResponse> multipart(MultipartException e) {
        return respond(
                400,
                "InvalidRequestContent",
                "The request body is not a readable multipart/form-data body",
                null);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorResponse> tooLarge(MaxUploadSizeExceededException e) {
        return respond(413, "RequestTooLarge", "The request body is too large", null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorResponse> noResource(NoResourceFoundException e) {
        return respond(404, "NotFound", "No such path: /" + e.getResourcePath(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e) {
        LOG.error("Unexpected error", e);
        return respond(
                500, "InternalServerError", "Unexpected server error; see the server log", null);
    }

    static ResponseEntity<ErrorResponse> respond(
            int status, String code, String message, String target) {
        return ResponseEntity.status(HttpStatus.valueOf(status))
                .body(ErrorResponse.of(code, message, target));
    }
}
