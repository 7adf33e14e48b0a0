package dev.sluice.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client of Sluice's ARM API for integration tests. */
public final class ArmClient {

    public static final String API_VERSION = "2024-05-01-preview";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ArmClient(int port) {
        this.base = "http://127.0.0.1:" + port;
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

    public Answer getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Answer put(String path, String json) {
        return send(json(path, json).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer post(String path, String json) {
        return send(json(path, json).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
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
