package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The ARM error shape: {@code {"error": {"code", "message", "target", "details"}}}. */
public record ErrorResponse(ErrorDetail error) {

    /** One error, possibly with nested details. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorDetail(
            String code, String message, String target, List<ErrorDetail> details) {}

    public static ErrorResponse of(String code, String message, String target) {
        return new ErrorResponse(new ErrorDetail(code, message, target, null));
    }
}
