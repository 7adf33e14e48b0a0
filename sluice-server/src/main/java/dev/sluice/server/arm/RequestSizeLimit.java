package dev.sluice.server.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON request bodies over the limit before reading them (jar uploads have their own,
 * larger limit). A body without Content-Length is refused too: ARM clients always send it.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimit(@Value("${sluice.api.max-request-bytes:1048576}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/subscriptions/")
                || request.getRequestURI().contains("/jars/");
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || (chunked && length < 0)) {
            response.setStatus(413);
            response.setContentType("application/json");
            response.getWriter()
                    .write(
                            "{\"error\":{\"code\":\"RequestTooLarge\",\"message\":\"Request bodies are limited to "
                                    + maxBytes
                                    + " bytes and need a Content-Length\"}}");
            return;
        }
        chain.doFilter(request, response);
    }
}
