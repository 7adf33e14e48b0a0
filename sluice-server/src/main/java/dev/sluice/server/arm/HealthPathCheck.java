package dev.sluice.server.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404 for a health path nested under something that is not a health group ({@code
 * /actuator/health/a/b}): Spring Boot's health endpoint fails on those with an
 * IllegalStateException ("'contributor' must not be null") when the caller may see details, which
 * would be a 500.
 */
@Component
class HealthPathCheck extends OncePerRequestFilter {

    private static final String HEALTH = "/actuator/health/";

    /** The groups of application.properties; only they have members below them. */
    private static final Set<String> GROUPS = Set.of("liveness", "readiness");

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(HEALTH) && !answerable(path.substring(HEALTH.length()))) {
            response.setStatus(404);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter()
                    .write(
                            "{\"error\":{\"code\":\"NotFound\",\"message\":\"No health group or"
                                    + " component at this path; see GET /actuator/health\"}}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean answerable(String rest) {
        int slash = rest.indexOf('/');
        return slash < 0
                || (GROUPS.contains(rest.substring(0, slash)) && rest.indexOf('/', slash + 1) < 0);
    }
}
