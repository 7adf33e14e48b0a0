package dev.sluice.server.arm;

import dev.sluice.api.ErrorResponse;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside a controller (in a servlet filter, or by the container) get the ARM
 * ErrorResponse too, instead of Spring Boot's default error document.
 */
@RestController
class ArmErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorResponse> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Asked for directly, not forwarded to by the container: no such resource.
            return ArmErrorHandler.respond(404, "NotFound", "No such path: /error", null);
        }
        int status = code instanceof Integer value ? value : 500;
        // A filter read the parameters first (the portal's sign-in, CSRF): Tomcat's 400 says why.
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)
                instanceof InvalidParameterException invalid) {
            return ArmErrorHandler.respond(
                    ArmErrorHandler.clientStatus(invalid.getErrorCode()),
                    "InvalidParameter",
                    ArmErrorHandler.UNDECODABLE_PARAMETERS,
                    null);
        }
        HttpStatus http = HttpStatus.resolve(status);
        String name =
                switch (status) {
                    case 400 -> "InvalidRequestContent";
                    case 401 -> "AuthenticationFailed";
                    case 403 -> "AuthorizationFailed";
                    case 404 -> "NotFound";
                    case 405 -> "MethodNotAllowed";
                    case 413 -> "RequestTooLarge";
                    case 415 -> "UnsupportedMediaType";
                    default -> status >= 500 ? "InternalServerError" : "BadRequest";
                };
        String message =
                status >= 500
                        ? "Unexpected server error; see the server log"
                        : http == null ? "Request failed" : http.getReasonPhrase();
        return ArmErrorHandler.respond(status, name, message, null);
    }
}
