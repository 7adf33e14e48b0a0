package dev.sluice.server.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Spring Security's firewall refuses (a {@code ;}, {@code //}, {@code %25}, {@code ..} in
 * the path, a header or parameter with control characters, an unknown method) are a 400 (405) in
 * the ARM error shape, as every other client error, instead of a bare status.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

    /** StrictHttpFirewall's default list. */
    private static final String ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        SecurityErrors errors = new SecurityErrors(json);
        return (request, response, rejected) -> {
            String reason = rejected.getMessage() == null ? "" : rejected.getMessage();
            if (reason.contains("HTTP method")) {
                response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
                errors.write(
                        response,
                        405,
                        "MethodNotAllowed",
                        "The HTTP method is not one the server accepts: " + ALLOWED_METHODS);
            } else if (reason.contains("URL")) {
                // The firewall names the refused part of a URL from a fixed list: safe to echo.
                errors.write(response, 400, "InvalidRequestUri", reason);
            } else {
                // A header's or a parameter's text is the client's (maybe a token): not echoed.
                errors.write(
                        response,
                        400,
                        "InvalidRequestContent",
                        "The request was refused: a header or parameter holds characters the"
                                + " server does not accept");
            }
        };
    }
}
