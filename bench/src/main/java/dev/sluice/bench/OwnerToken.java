package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The owner's bearer token when the server requires one, else no header at all. */
final class OwnerToken {

    static final String CREDENTIALS_FILE = "owner-credentials.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The server writes the file when it is ready, which may be just after health said UP. */
    private static final Duration CREDENTIALS_WAIT = Duration.ofSeconds(10);

    /** Renew this long before the token says it expires, so no request carries a stale one. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final Path credentials;
    private final String serverBase;
    private final HttpClient http;
    private String token;
    private long expiresAtNanos;

    /**
     * @param serverBase the server's {@code http://127.0.0.1:port}, which replaces the tokenUrl's
     *     own: the file keeps the port of the server that first wrote it
     */
    OwnerToken(Path dataDir, String serverBase, HttpClient http) {
        this.credentials = dataDir.resolve(CREDENTIALS_FILE);
        this.serverBase = serverBase;
        this.http = http;
    }

    /** The Authorization header value, or empty when the server asks for no credentials. */
    synchronized Optional<String> header() {
        if (!Files.isRegularFile(credentials)) {
            return Optional.empty();
        }
        if (token == null || System.nanoTime() > expiresAtNanos) {
            fetch();
        }
        return Optional.of("Bearer " + token);
    }

    /**
     * After a 401: forgets the token, so the next request fetches a new one, and gives a server
     * that only just became ready a moment to write its credentials file.
     */
    void invalidate() {
        synchronized (this) {
            token = null;
        }
        long deadline = System.nanoTime() + CREDENTIALS_WAIT.toNanos();
        while (!Files.isRegularFile(credentials) && System.nanoTime() < deadline) {
            Pause.of(Duration.ofMillis(100));
        }
    }

    private void fetch() {
        try {
            JsonNode owner = JSON.readTree(Files.readString(credentials));
            String form =
                    "grant_type=client_credentials&client_id="
                            + encode(owner.path("clientId").asString())
                            + "&client_secret="
                            + encode(owner.path("clientSecret").asString());
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(tokenUri(owner.path("tokenUrl").asString()))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Token request answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            token = answer.path("access_token").asString();
            long seconds = answer.path("expires_in").asLong(300);
            expiresAtNanos =
                    System.nanoTime()
                            + Math.max(0, Duration.ofSeconds(seconds).minus(MARGIN).toNanos());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot get a token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while getting a token", e);
        }
    }

    private URI tokenUri(String tokenUrl) {
        URI written = URI.create(tokenUrl);
        return URI.create(serverBase + written.getRawPath());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
