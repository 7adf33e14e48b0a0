package dev.sluice.client;

import dev.sluice.api.ErrorResponse;
import java.util.List;

/**
 * The server refused a call: the HTTP status plus the ARM error's stable {@code code} (for example
 * {@code ActionNotAllowed}, {@code JobNotFound}, {@code AuthenticationFailed}) and its message.
 */
public final class SluiceApiException extends SluiceClientException {

    private final int status;
    private final String code;
    private final String errorMessage;
    private final String target;
    private final List<ErrorResponse.ErrorDetail> details;

    /**
     * @param status the HTTP status of the answer
     * @param code the ARM error code
     * @param errorMessage the server's message
     * @param target the offending field or resource, or null
     * @param details nested errors, possibly empty
     */
    public SluiceApiException(
            int status,
            String code,
            String errorMessage,
            String target,
            List<ErrorResponse.ErrorDetail> details) {
        super(code + ": " + errorMessage + " (HTTP " + status + ")");
        this.status = status;
        this.code = code;
        this.errorMessage = errorMessage;
        this.target = target;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    /** The HTTP status, e.g. 409. */
    public int status() {
        return status;
    }

    /** The stable ARM error code, e.g. {@code ActionNotAllowed}. */
    public String code() {
        return code;
    }

    /** The server's message, without code and status. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The field or resource the error is about, or null. */
    public String target() {
        return target;
    }

    /** Nested errors the server gave, possibly empty. */
    public List<ErrorResponse.ErrorDetail> details() {
        return details;
    }
}
