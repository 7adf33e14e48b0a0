package dev.sluice.server.arm;

import dev.sluice.server.common.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses ARM calls without a supported {@code api-version}, as ARM does. */
final class ApiVersions implements HandlerInterceptor {

    static final List<String> SUPPORTED =
            List.of(
                    "2023-06-01-preview",
                    "2023-11-01-preview",
                    "2024-04-01-preview",
                    "2024-05-01-preview",
                    "2024-05-01");

    @Override
    public boolean preHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler) {
        String version = request.getParameter("api-version");
        if (version == null || version.isBlank()) {
            throw ApiException.badRequest(
                    "MissingApiVersionParameter",
                    "The api-version query parameter is required; supported: "
                            + String.join(", ", SUPPORTED),
                    "api-version");
        }
        if (!SUPPORTED.contains(version)) {
            throw ApiException.badRequest(
                    "InvalidApiVersionParameter",
                    "The api-version '"
                            + version
                            + "' is not supported; supported: "
                            + String.join(", ", SUPPORTED),
                    "api-version");
        }
        return true;
    }
}
