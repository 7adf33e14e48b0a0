package dev.sluice.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client of Sluice's ARM API for integration tests. Built with a token supplier it
 * sends {@code Authorization: Bearer} with every call; built with a port only it sends none (for
 * checks of what answers without a token).
 */
public final class ArmClient {

    public static final String API_VERSION = "2024-05-01-preview";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Supplier<String> token;

    /** A client that sends no token. */
    public ArmClient(int port) {
        this(port, () -> null);
    }

    /** A client that sends the supplier's token (none when it supplies null). */
    public ArmClient(int port, Supplier<String> token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** The same server, sending this token instead (null: none). */
    public ArmClient withToken(String token) {
        return new ArmClient(
                Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), () -> token);
    }

    /** An answer: status, body as JSON (null when empty or not JSON), headers. */
    public record Answer(int status, JsonNode body, String raw, HttpResponse<String> response) {
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asString(null);
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A GET with extra request headers (If-None-Match...). */
    public Answer get(String path, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Answer getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Answer put(String path, String json) {
        return send(json(path, json).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer post(String path, String json) {
        return send(json(path, json).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer patch(String path, String json) {
        return send(json(path, json).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Any method with a body of any type (null: none). */
    public Answer send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** A body sent chunked (no Content-Length), as {@code curl -T -} or a streaming SDK does. */
    public Answer sendChunked(String method, String path, String contentType, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path))
                        .method(
                                method,
                                HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofString(body)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private HttpRequest.Builder json(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

    /** Adds the api-version unless the path sets one (or says {@code api-version=none}). */
    public URI uri(String path) {
        if (path.contains("api-version=none")) {
            return URI.create(
                    base + path.replace("?api-version=none", "").replace("&api-version=none", ""));
        }
        String sep = path.contains("?") ? "&" : "?";
        return URI.create(
                base
                        + (path.contains("api-version=")
                                ? path
                                : path + sep + "api-version=" + API_VERSION));
    }

    private Answer send(HttpRequest.Builder request) {
        String bearer = token.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response =
                    http.send(
                            request.timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank()) {
                try {
                    body = JSON.readTree(raw);
                } catch (RuntimeException e) {
                    body = null;
                }
            }
            return new Answer(response.statusCode(), body, raw, response);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
