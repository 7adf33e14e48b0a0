package dev.sluice.server.security;

import dev.sluice.api.ErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers refused API calls in the ARM error shape: 401 {@code AuthenticationFailed} (with {@code
 * WWW-Authenticate: Bearer}) for a missing or invalid token, 403 {@code AuthorizationFailed} naming
 * the role and scope that would have been needed. Never echoes the token.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** Request attribute: what a refused call needed, e.g. "Owner (or higher) over '/'". */
    static final String NEEDED = SecurityErrors.class.getName() + ".needed";

    private static final String DECODE_PREFIX =
            "An error occurred while attempting to decode the Jwt: ";

    private final JsonMapper json;

    SecurityErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(
            HttpServletRequest request,
            HttpServletResponse response,
            AuthenticationException failure)
            throws IOException {
        // Not only OAuth2AuthenticationException: an external issuer's unreachable key set fails
        // a token with a plain AuthenticationServiceException.
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean tokenSent =
                failure instanceof OAuth2AuthenticationException
                        || (authorization != null
                                && authorization.regionMatches(true, 0, "Bearer ", 0, 7));
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
        String message =
                tokenSent
                        ? "The access token was refused: " + reason(failure)
                        : "This call needs an access token: send 'Authorization: Bearer <token>';"
                                + " POST /oauth2/token issues one";
        write(response, 401, "AuthenticationFailed", message);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        String principal = authentication == null ? "anonymous" : authentication.getName();
        String message =
                request.getAttribute(NEEDED) instanceof String needed
                        ? "Principal '" + principal + "' has no role assignment granting " + needed
                        : "Principal '" + principal + "' is not allowed to do this";
        write(response, 403, "AuthorizationFailed", message);
    }

    private static String reason(AuthenticationException failure) {
        String message = failure.getMessage() == null ? "invalid token" : failure.getMessage();
        return message.startsWith(DECODE_PREFIX)
                ? message.substring(DECODE_PREFIX.length())
                : message;
    }

    void write(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        json.writeValue(response.getOutputStream(), ErrorResponse.of(code, message, null));
    }
}
