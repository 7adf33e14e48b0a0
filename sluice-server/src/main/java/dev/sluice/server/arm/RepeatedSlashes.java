package dev.sluice.server.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code //} in a request path as {@code /}, as ARM does: Azure's SDKs join the endpoint and
 * a resource id that starts with a slash into {@code https://host//subscriptions/…} (every by-id
 * call of the generic-resources client does). Runs before Spring Security, whose firewall would
 * refuse the path, so the security rules and the controllers see one spelling.
 */
@Configuration(proxyBeanMethods = false)
class RepeatedSlashes {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> repeatedSlashesFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new Collapse());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The filter: a request whose path has {@code //} continues with the collapsed path. */
    static final class Collapse extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(
                HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String uri = request.getRequestURI();
            if (uri == null || !uri.contains("//")) {
                chain.doFilter(request, response);
                return;
            }
            chain.doFilter(new Collapsed(request, collapse(uri)), response);
        }
    }

    static String collapse(String path) {
        return path.replaceAll("/{2,}", "/");
    }

    /** The request with its path's repeated slashes collapsed. */
    private static final class Collapsed extends HttpServletRequestWrapper {

        private final String uri;

        Collapsed(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public StringBuffer getRequestURL() {
            String url = super.getRequestURL().toString();
            int path = url.indexOf('/', url.indexOf("://") + 3);
            return new StringBuffer(path < 0 ? url : url.substring(0, path) + uri);
        }

        @Override
        public String getServletPath() {
            return collapse(super.getServletPath());
        }
    }
}
