package dev.sluice.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an audit entry for every POST, PUT, PATCH and DELETE, refused ones included. It sits in
 * each security filter chain right after the security context is loaded, so that when the call
 * returns it still sees who was authenticated (or that nobody was) and the status answered.
 */
final class AuditFilter extends OncePerRequestFilter {

    /**
     * Request attribute: the principal, for calls that authenticate themselves (token endpoint).
     */
    static final String PRINCIPAL = AuditFilter.class.getName() + ".principal";

    static final String ANONYMOUS = "anonymous";

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    // Enough for any runJob body worth naming; a larger one is audited as plain "runJob".
    private static final int RUN_JOB_PEEK_BYTES = 64 * 1024;
    private static final Pattern ACTION =
            Pattern.compile("\"action\"\\s*:\\s*\"([A-Za-z_]{1,40})\"");
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z_]{1,40}");

    private final AuditLog log;
    private final JsonMapper json;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    AuditFilter(AuditLog log, JsonMapper json) {
        this.log = log;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        List<String> segments;
        try {
            segments = ArmRequests.segments(rawPath);
        } catch (IllegalArgumentException badEncoding) {
            segments = null;
        }
        boolean runJob = segments != null && ArmRequests.isRunJob(request.getMethod(), segments);
        HttpServletRequest passed =
                runJob ? new ContentCachingRequestWrapper(request, RUN_JOB_PEEK_BYTES) : request;
        int status = 500;
        try {
            chain.doFilter(passed, response);
            status = response.getStatus();
        } finally {
            String operation =
                    segments == null
                            ? request.getMethod() + " " + rawPath
                            : runJob
                                    ? "runJob " + action((ContentCachingRequestWrapper) passed)
                                    : ArmRequests.operation(request.getMethod(), segments);
            String target = segments == null ? rawPath : ArmRequests.path(segments);
            log.record(principal(request), operation, target, status, request.getRemoteAddr());
        }
    }

    private String principal(HttpServletRequest request) {
        if (request.getAttribute(PRINCIPAL) instanceof String name) {
            return name;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && trust.isAuthenticated(authentication)
                ? authentication.getName()
                : ANONYMOUS;
    }

    /**
     * The runJob body's action. A refused call never read its body, so it is read here (bounded); a
     * body that is no JSON still names its action when the pattern finds one.
     */
    private String action(ContentCachingRequestWrapper request) {
        String body;
        try {
            if (request.getContentAsByteArray().length == 0) {
                InputStream in = request.getInputStream();
                in.readNBytes(RUN_JOB_PEEK_BYTES);
            }
            body = new String(request.getContentAsByteArray(), StandardCharsets.UTF_8);
        } catch (IOException | IllegalStateException e) {
            return "(body unreadable)";
        }
        String action = null;
        try {
            action = json.readTree(body).path("properties").path("action").asString(null);
        } catch (JacksonException notJson) {
            Matcher found = ACTION.matcher(body);
            action = found.find() ? found.group(1) : null;
        }
        if (action == null || !ACTION_NAME.matcher(action).matches()) {
            return "(no action)";
        }
        return action.toUpperCase(Locale.ROOT);
    }
}
