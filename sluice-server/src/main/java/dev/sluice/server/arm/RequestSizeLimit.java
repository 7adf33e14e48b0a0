package dev.sluice.server.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the JSON body of an ARM call before anything else does: counted up to the limit whether it
 * comes with a Content-Length or chunked (jar uploads have their own, larger limit), and read as
 * JSON when its Content-Type is a JSON type, none, or what {@code curl -d @file} sends ({@code
 * application/x-www-form-urlencoded}, {@code text/plain}). It runs first so that no filter parses a
 * form body into parameters before.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
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
        if (length > maxBytes) {
            tooLarge(response);
            return;
        }
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length <= 0 && !chunked) {
            chain.doFilter(new BufferedBody(request, new byte[0]), response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, 1 << 30));
        } catch (IOException e) {
            write(response, 400, "InvalidRequestContent", "The request body could not be read");
            return;
        }
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        write(
                response,
                413,
                "RequestTooLarge",
                "Request bodies are limited to " + maxBytes + " bytes");
    }

    private static void write(HttpServletResponse response, int status, String code, String text)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter()
                .write("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + text + "\"}}");
    }

    /** Whether a body of this Content-Type is read as JSON (see the class comment). */
    static boolean readAsJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        try {
            // Parameters (a charset, even a bogus one) do not matter: JSON is UTF-8 (RFC 8259).
            int semicolon = contentType.indexOf(';');
            MediaType type =
                    MediaType.parseMediaType(
                            semicolon < 0 ? contentType : contentType.substring(0, semicolon));
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return false;
            }
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            return subtype.equals("json")
                    || subtype.endsWith("+json")
                    || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
                    || type.isCompatibleWith(MediaType.TEXT_PLAIN);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The request with its body read, typed {@code application/json} where it is read as such. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;
        private final boolean json;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.json = readAsJson(request.getContentType());
        }

        @Override
        public String getContentType() {
            return json ? MediaType.APPLICATION_JSON_VALUE : super.getContentType();
        }

        @Override
        public String getCharacterEncoding() {
            return json ? StandardCharsets.UTF_8.name() : super.getCharacterEncoding();
        }

        @Override
        public String getHeader(String name) {
            if (json && "Content-Type".equalsIgnoreCase(name)) {
                return MediaType.APPLICATION_JSON_VALUE;
            }
            if ("Content-Length".equalsIgnoreCase(name) && super.getHeader(name) != null) {
                return String.valueOf(body.length);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (json && "Content-Type".equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE));
            }
            if ("Content-Length".equalsIgnoreCase(name) && super.getHeader(name) != null) {
                return Collections.enumeration(List.of(String.valueOf(body.length)));
            }
            return super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("Synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(
                    new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
