package dev.sluice.server.common;

/**
 * An error a client caused or must know about, answered as an ARM {@code ErrorResponse} with a
 * stable code. Anything a client can send that Sluice refuses ends as one of these, never a 500.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String target;

    public ApiException(int status, String code, String message, String target) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ApiException badRequest(String code, String message, String target) {
        return new ApiException(400, code, message, target);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message, null);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message, null);
    }

    /** HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** Stable error code, e.g. {@code PathOutsideStorage}. */
    public String code() {
        return code;
    }

    /** The offending field or resource, or null. */
    public String target() {
        return target;
    }
}
