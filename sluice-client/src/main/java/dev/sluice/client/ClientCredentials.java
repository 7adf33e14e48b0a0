package dev.sluice.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link TokenProvider} for the OAuth 2 client-credentials grant: posts the client id and secret,
 * form-encoded, to the token URL and reuses the token until shortly before it expires.
 */
public final class ClientCredentials implements TokenProvider {

    /** A token is renewed this long before it expires, so that no call carries a stale one. */
    public static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    /** Assumed lifetime when the token URL names none. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private AccessToken current;

    private ClientCredentials(Builder builder) {
        this.tokenUrl = builder.tokenUrl;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.http =
                builder.http != null ? builder.http : Transport.defaultHttpClient(builder.caFile);
        this.clock = builder.clock;
        this.timeout = builder.timeout;
        this.current = builder.cached;
    }

    /**
     * A builder for a client of {@code tokenUrl}.
     *
     * @param tokenUrl the server's token URL, e.g. {@code http://127.0.0.1:8080/oauth2/token}
     * @param clientId the client id
     * @param clientSecret the client secret
     */
    public static Builder builder(URI tokenUrl, String clientId, String clientSecret) {
        return new Builder(tokenUrl, clientId, clientSecret);
    }

    /** The token to send, fetched from the token URL when none is cached or it nearly expired. */
    @Override
    public synchronized String token() {
        if (current == null || !current.validAt(clock.instant(), RENEW_BEFORE_EXPIRY)) {
            current = fetch();
        }
        return current.value();
    }

    @Override
    public synchronized boolean invalidate() {
        current = null;
        return true;
    }

    /** The token in use, if one was fetched or given; for storing it between runs. */
    public synchronized Optional<AccessToken> currentToken() {
        return Optional.ofNullable(current);
    }

    /** The token URL. */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /** The client id. */
    public String clientId() {
        return clientId;
    }

    /**
     * Asks the token URL for a new token now, whatever is cached.
     *
     * @throws SluiceApiException when the token URL refuses the credentials
     * @throws SluiceClientException when it cannot be reached or answers no token
     */
    public synchronized AccessToken fetch() {
        String form =
                "grant_type=client_credentials&client_id="
                        + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                        + "&client_secret="
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpRequest request =
                HttpRequest.newBuilder(tokenUrl)
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SluiceClientException(
                    "Cannot reach the token URL "
                            + tokenUrl
                            + ": "
                            + e.getMessage()
                            + TrustedCertificates.hint(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceClientException("Interrupted while asking for a token", e);
        }
        if (response.statusCode() >= 300) {
            throw ErrorBodies.toException(
                    response.statusCode(), response.headers(), response.body());
        }
        JsonNode body;
        try {
            body = Transport.JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new SluiceClientException("The token URL answered no JSON: " + tokenUrl, e);
        }
        String value = body.path("access_token").asString(null);
        if (value == null || value.isBlank()) {
            throw new SluiceClientException("The token URL answered no access_token: " + tokenUrl);
        }
        long seconds = body.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
        AccessToken token = new AccessToken(value, asked.plusSeconds(seconds));
        current = token;
        return token;
    }

    /** Settings of a {@link ClientCredentials}; only the three of the constructor are required. */
    public static final class Builder {

        private final URI tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private HttpClient http;
        private Path caFile;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(30);
        private AccessToken cached;

        private Builder(URI tokenUrl, String clientId, String clientSecret) {
            this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        }

        /** The HTTP client to use; by default one of its own. */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * A PEM file of CA certificates trusted in addition to the JDK's (see {@link
         * TrustedCertificates}), for a token URL whose certificate no public CA signed. Read by
         * {@link #build()}; not used with {@link #httpClient}, whose own SSL context counts.
         */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** The clock expiry is judged by; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long one token request may take; 30 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** A token from an earlier run, used until it nearly expires. */
        public Builder cachedToken(AccessToken cached) {
            this.cached = cached;
            return this;
        }

        /** A token provider with these settings; it asks for a token on first use. */
        public ClientCredentials build() {
            return new ClientCredentials(this);
        }
    }
}
