package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sluice's ARM API over HTTP, as a pipeline would call it (bearer token when required). */
final class SluiceApi {

    static final String API_VERSION = "2024-05-01-preview";
    static final String POOL =
            "/subscriptions/bench/resourceGroups/bench/providers/Microsoft.HDInsight/clusterpools/bench";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final HttpClient http;
    private final OwnerToken token;

    SluiceApi(String base, HttpClient http, OwnerToken token) {
        this.base = base;
        this.http = http;
        this.token = token;
    }

    static String cluster(String name) {
        return POOL + "/clusters/" + name;
    }

    /** An answer: status, raw body and the Location header (for runJob's 202). */
    record Reply(int status, String body, String location) {
        JsonNode json() {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }

        Reply expect(int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new IllegalStateException("Sluice answered " + status + ": " + body);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Reply put(String path, String json) {
        return send(jsonRequest(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String json) {
        return send(jsonRequest(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request to the API with the api-version and, when the server wants one, the token. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        token.header().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    /** Sends runJob and returns the operation's Location; the action then runs on. */
    String runJob(String cluster, String body) {
        Reply accepted = post(cluster(cluster) + "/runJob", body).expect(202);
        if (accepted.location() == null) {
            throw new IllegalStateException("runJob answered 202 without Location");
        }
        return accepted.location();
    }

    /**
     * Polls an operation's Location until it answers 200 and returns the job's properties; fails
     * when the action did not succeed.
     */
    JsonNode awaitOperation(String location, Duration poll, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply reply = getUrl(location).expect(200, 202);
            if (reply.status() == 200) {
                JsonNode properties = reply.json().path("properties");
                if (!"SUCCESS".equals(properties.path("actionResult").asString())) {
                    throw new IllegalStateException(
                            "The action did not succeed: " + properties.toString());
                }
                return properties;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + location);
            }
            Pause.of(poll);
        }
    }

    /** Sends runJob and waits for its action to succeed. */
    JsonNode run(String cluster, String body, Duration poll) {
        return awaitOperation(runJob(cluster, body), poll, Duration.ofMinutes(3));
    }

    private HttpRequest.Builder jsonRequest(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

    private URI uri(String path) {
        return URI.create(
                base + path + (path.contains("?") ? "&" : "?") + "api-version=" + API_VERSION);
    }

    private Reply send(HttpRequest.Builder builder) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = builder.copy().timeout(TIMEOUT);
            token.header().ifPresent(value -> request.setHeader("Authorization", value));
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 401 && attempt == 1) {
                    token.invalidate(); // expired or rotated: one retry with a fresh token
                    continue;
                }
                return new Reply(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Location").orElse(null));
            } catch (IOException e) {
                throw new IllegalStateException("Sluice did not answer: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
    }
}
