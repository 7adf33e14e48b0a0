package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.FakeSluice.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static final PoolRef POOL = new PoolRef("sub1", "rg1", "pool1");
    private static final String PATH =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";

    private FakeSluice fake;
    private MutableClock clock;
    private final AtomicInteger issued = new AtomicInteger();
    private ClientCredentials tokens;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSluice();
        clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        fake.on(
                "POST",
                "/oauth2/token",
                request -> {
                    Map<String, String> form = FakeSluice.queryOf(request.bodyText());
                    if (!"s3cret".equals(form.get("client_secret"))) {
                        return Reply.json(
                                401,
                                "{\"error\":\"invalid_client\",\"error_description\":\"Unknown client or wrong secret\"}");
                    }
                    return Reply.json(
                            200,
                            "{\"access_token\":\"token-%d\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                                    .formatted(issued.incrementAndGet()));
                });
        // The pool answers only to the newest token, like a server whose keys rotated.
        fake.on(
                "GET",
                PATH,
                request ->
                        ("Bearer token-" + issued.get()).equals(request.header("Authorization"))
                                ? Reply.json(200, "{\"name\":\"pool1\"}")
                                : Reply.json(
                                        401,
                                        "{\"error\":{\"code\":\"AuthenticationFailed\",\"message\":\"The token is not valid\"}}"));
        tokens = credentials("s3cret").build();
        client = SluiceClient.builder(fake.uri()).tokenProvider(tokens).build();
    }

    private ClientCredentials.Builder credentials(String secret) {
        return ClientCredentials.builder(fake.uri().resolve("/oauth2/token"), "owner", secret)
                .clock(clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void theTokenIsFetchedOnceFormEncodedAndReused() {
        client.pools().get(POOL);
        client.pools().get(POOL);

        assertThat(issued).hasValue(1);
        FakeSluice.Request tokenRequest = fake.requests("POST", "/oauth2/token").get(0);
        assertThat(tokenRequest.header("Content-Type"))
                .isEqualTo("application/x-www-form-urlencoded");
        assertThat(FakeSluice.queryOf(tokenRequest.bodyText()))
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", "owner")
                .containsEntry("client_secret", "s3cret");
        assertThat(fake.requests("GET", PATH))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer token-1"));
    }

    @Test
    void aTokenIsRenewedShortlyBeforeItExpires() {
        client.pools().get(POOL);
        clock.advance(
                Duration.ofSeconds(3600)
                        .minus(ClientCredentials.RENEW_BEFORE_EXPIRY)
                        .minusSeconds(1));
        client.pools().get(POOL);
        assertThat(issued).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        client.pools().get(POOL);

        assertThat(issued).hasValue(2);
        assertThat(tokens.currentToken().orElseThrow().value()).isEqualTo("token-2");
        assertThat(tokens.currentToken().orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plusSeconds(3600));
    }

    @Test
    void aRefusedTokenIsReplacedAndTheCallRetriedOnce() {
        client.pools().get(POOL);
        issued.incrementAndGet(); // the server now wants a token the client has not seen

        assertThat(client.pools().get(POOL).name()).isEqualTo("pool1");

        assertThat(issued).hasValue(3);
        assertThat(fake.requests("GET", PATH)).hasSize(3);
    }

    @Test
    void aTokenFromAnEarlierRunIsUsedUntilItExpires() {
        ClientCredentials cached =
                credentials("s3cret")
                        .cachedToken(new AccessToken("token-0", clock.instant().plusSeconds(600)))
                        .build();

        assertThat(cached.token()).isEqualTo("token-0");
        clock.advance(Duration.ofSeconds(600));
        assertThat(cached.token()).isEqualTo("token-1");
    }

    @Test
    void wrongCredentialsAreTheTokenUrlsError() {
        ClientCredentials wrong = credentials("nope").build();

        assertThatThrownBy(wrong::token)
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.code()).isEqualTo("invalid_client");
                            assertThat(e.errorMessage())
                                    .isEqualTo("Unknown client or wrong secret");
                        });
    }

    @Test
    void aStaticTokenIsSentAndNotRetried() {
        SluiceClient fixed =
                SluiceClient.builder(fake.uri()).tokenProvider(TokenProvider.of("stale")).build();

        assertThatThrownBy(() -> fixed.pools().get(POOL))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> assertThat(e.code()).isEqualTo("AuthenticationFailed"));
        assertThat(fake.requests("GET", PATH)).hasSize(1);
    }

    @Test
    void theTokenNeverGoesToAnotherOrigin() {
        Transport transport =
                new Transport(
                        fake.uri(),
                        "v",
                        Transport.defaultHttpClient(),
                        TokenProvider.of("t"),
                        Duration.ofSeconds(5));

        URI link = transport.link("http://elsewhere.example:1234" + PATH + "?api-version=v");

        assertThat(link).isEqualTo(URI.create(fake.uri() + PATH + "?api-version=v"));
        assertThat(transport.link(PATH + "?a=b")).isEqualTo(URI.create(fake.uri() + PATH + "?a=b"));
    }
}
