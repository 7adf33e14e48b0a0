package dev.sluice.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that speaks HTTP: builds ARM URLs with the api-version, adds the bearer token,
 * retries once with a fresh token after a 401, maps refusals to {@link SluiceApiException} and
 * reads JSON into the sluice-api records.
 */
final class Transport {

    /** Newer servers may add fields; an older client must still read what it knows. */
    static final JsonMapper JSON =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** An answer that was not refused. */
    record Answer(int status, HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final URI endpoint;
    private final String apiVersion;
    private final HttpClient http;
    private final TokenProvider tokens;
    private final Duration requestTimeout;

    Transport(
            URI endpoint,
            String apiVersion,
            HttpClient http,
            TokenProvider tokens,
            Duration requestTimeout) {
        String text = endpoint.toString();
        this.endpoint =
                URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiVersion = apiVersion;
        this.http = http;
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
    }

    static HttpClient defaultHttpClient() {
        return defaultHttpClient(null);
    }

    /** The default client, trusting the certificates of {@code caFile} too when it is given. */
    static HttpClient defaultHttpClient(Path caFile) {
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER);
        if (caFile != null) {
            builder.sslContext(TrustedCertificates.sslContext(caFile));
        }
        return builder.build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** The URL of an API path, with the api-version and the given query parameters. */
    URI uri(String path, Map<String, String> query) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("api-version", apiVersion);
        query.forEach(
                (name, value) -> {
                    if (value != null) {
                        all.put(name, value);
                    }
                });
        StringBuilder url = new StringBuilder(endpoint.toString()).append(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : all.entrySet()) {
            url.append(separator)
                    .append(parameter.getKey())
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    URI uri(String path) {
        return uri(path, Map.of());
    }

    /**
     * A link the server gave (nextLink, Location). A link to another origin is followed on the
     * endpoint's origin instead: the server names itself as it sees the request, which behind a
     * proxy is not the address the client uses, and the token must never go anywhere else.
     */
    URI link(String link) {
        URI target = endpoint.resolve(link);
        if (sameOrigin(target)) {
            return target;
        }
        String prefix = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        if (!prefix.isEmpty() && !path.startsWith(prefix + "/")) {
            path = prefix + path;
        }
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        return URI.create(
                origin + path + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), endpoint.getScheme())
                && Objects.equals(uri.getRawAuthority(), endpoint.getRawAuthority());
    }

    Answer get(URI uri) {
        return send("GET", uri, HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer delete(URI uri) {
        return send("DELETE", uri, HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer sendJson(String method, URI uri, Object body) {
        String json = JSON.writeValueAsString(body);
        return send(method, uri, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    /**
     * Sends a request and returns any answer below 400.
     *
     * @throws SluiceApiException for a refusal
     * @throws SluiceClientException when the server cannot be reached
     */
    Answer send(String method, URI uri, HttpRequest.BodyPublisher body, String contentType) {
        HttpResponse<String> response = exchange(method, uri, body, contentType);
        // Only a token this client sent can have been refused, and a renewed one be worth a retry.
        if (response.statusCode() == 401 && sameOrigin(uri) && tokens.invalidate()) {
            response = exchange(method, uri, body, contentType);
        }
        if (response.statusCode() >= 400) {
            throw ErrorBodies.toException(
                    response.statusCode(), response.headers(), response.body());
        }
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    private HttpResponse<String> exchange(
            String method, URI uri, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(requestTimeout)
                        .header("Accept", "application/json")
                        .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (sameOrigin(uri)) {
            String token = tokens.token();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SluiceClientException(
                    "Cannot reach Sluice at "
                            + endpoint
                            + " ("
                            + method
                            + " "
                            + uri.getRawPath()
                            + "): "
                            + reason(e)
                            + TrustedCertificates.hint(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceClientException("Interrupted during " + method + " " + uri, e);
        }
    }

    /** Every item of a list, following {@code nextLink} from page to page until the last. */
    <P, T> List<T> collect(
            URI first,
            TypeReference<P> type,
            Function<P, List<T>> items,
            Function<P, String> nextLink) {
        List<T> all = new ArrayList<>();
        P page = read(get(first), type);
        while (page != null) {
            List<T> value = items.apply(page);
            if (value != null) {
                all.addAll(value);
            }
            String next = nextLink.apply(page);
            page = next == null ? null : read(get(link(next)), type);
        }
        return all;
    }

    /** The first message along the causes: HttpClient's ConnectException carries none. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    <T> T read(Answer answer, Class<T> type) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (JacksonException e) {
            throw unreadable(answer, type.getSimpleName(), e);
        }
    }

    <T> T read(Answer answer, TypeReference<T> type) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (JacksonException e) {
            throw unreadable(answer, type.getType().getTypeName(), e);
        }
    }

    private static SluiceClientException unreadable(Answer answer, String what, Exception e) {
        return new SluiceClientException(
                "Expected "
                        + what
                        + " in an HTTP "
                        + answer.status()
                        + " answer: "
                        + e.getMessage(),
                e);
    }

    /** Encodes one path segment (a name) so that it stays one segment. */
    static String segment(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A resource name must not be blank");
        }
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
