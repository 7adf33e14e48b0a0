package dev.sluice.server.security;

import static dev.sluice.server.security.SecurityMatrix.POOLS;
import static dev.sluice.server.security.SecurityMatrix.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.security.SecurityMatrix.Made;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.SluiceTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security endpoints around the API, on a real server: what answers without a token, the OAuth
 * 2 token endpoint, the portal's session login (CSRF, and a session the API ignores), the 0600
 * files; every call audited, and none of the secrets in the server's DEBUG log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityEndpointsITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> secrets = new ArrayList<>();
    private final List<Made> mutations = new ArrayList<>();

    private Path work;
    private SluiceTestServer server;
    private ArmClient owner;
    private String ownerId;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("sluice-security-endpoints-");
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "logging.file.name", work.resolve("server.log").toString(),
                                "logging.level.org.springframework.security", "DEBUG",
                                "logging.level.org.springframework.web", "DEBUG"),
                        context -> {});
        owner = server.api();
        JsonNode credentials = SluiceTestServer.ownerCredentials(server.dataDir());
        ownerId = credentials.path("clientId").asString();
        secrets.add(credentials.path("clientSecret").asString());
        secrets.add(server.ownerToken());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work.toFile());
        }
    }

    @Test
    @Order(1)
    void onlyHealthTheTokenEndpointAndTheKeysAnswerWithoutAToken() {
        ArmClient anonymous = owner.withToken(null);
        assertThat(anonymous.get("/actuator/health?api-version=none").status()).isEqualTo(200);
        // Spring Boot's health endpoint fails on a path nested under no group for a caller who may
        // see details (the request fuzzer found it); it is a 404 for everyone.
        for (ArmClient caller : List.of(anonymous, owner)) {
            assertThat(caller.get("/actuator/health/a/b?api-version=none").status()).isEqualTo(404);
        }
        assertThat(owner.get("/actuator/health/a/b?api-version=none").errorCode())
                .isEqualTo("NotFound");
        assertThat(owner.get("/actuator/health/readiness/readinessState?api-version=none").status())
                .isIn(200, 503);
        JsonNode discovery =
                anonymous.get("/.well-known/openid-configuration?api-version=none").body();
        String issuer = "http://127.0.0.1:" + server.port();
        assertThat(discovery.path("issuer").asString()).isEqualTo(issuer);
        assertThat(discovery.path("token_endpoint").asString()).isEqualTo(issuer + "/oauth2/token");
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(issuer + "/oauth2/jwks");
        assertThat(discovery.path("grant_types_supported").toString())
                .contains("client_credentials");
        assertThat(discovery.path("id_token_signing_alg_values_supported").toString())
                .contains("RS256");
        JsonNode keys = anonymous.get("/oauth2/jwks?api-version=none").body().path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("kty").asString()).isEqualTo("RSA");
        assertThat(keys.get(0).has("d")).as("no private part").isFalse();
        assertThat(keys.get(0).path("n").asString().length()).isGreaterThanOrEqualTo(342);
        for (String path :
                List.of(
                        "/actuator/info?api-version=none",
                        "/actuator/env?api-version=none",
                        SECURITY + "/principals",
                        "/OAUTH2/TOKEN?api-version=none",
                        "/PORTAL?api-version=none",
                        "/nothing-here?api-version=none")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
        }
    }

    @Test
    @Order(2)
    void theTokenEndpointSpeaksOAuth2() {
        JsonNode credentials = SluiceTestServer.ownerCredentials(server.dataDir());
        String id = credentials.path("clientId").asString();
        String secret = credentials.path("clientSecret").asString();
        HttpResponse<String> ok = token("grant_type=client_credentials", id + ":" + secret);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode issued = JSON.readTree(ok.body());
        assertThat(issued.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(issued.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        secrets.add(issued.path("access_token").asString());
        assertThat(owner.withToken(issued.path("access_token").asString()).get(POOLS).status())
                .isEqualTo(200);

        assertOAuthError(
                token(form(id, "wrong") + "&grant_type=client_credentials", null),
                401,
                "invalid_client");
        assertOAuthError(
                token(form("no-such-client", secret) + "&grant_type=client_credentials", null),
                401,
                "invalid_client");
        HttpResponse<String> basicWrong = token("grant_type=client_credentials", id + ":wrong");
        assertOAuthError(basicWrong, 401, "invalid_client");
        assertThat(basicWrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertOAuthError(token("grant_type=client_credentials", null), 401, "invalid_client");
        assertOAuthError(token(form(id, secret), null), 400, "invalid_request");
        assertOAuthError(
                token(form(id, secret) + "&grant_type=password", null),
                400,
                "unsupported_grant_type");
        assertOAuthError(
                token(form(id, secret) + "&grant_type=client_credentials", id + ":" + secret),
                400,
                "invalid_request");
    }

    private static String form(String id, String secret) {
        return "client_id="
                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> token(String form, String basic) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(request.build(), HttpResponse.BodyHandlers.ofString());
            // Only an authenticated client is named; a refused one may have sent anything.
            String principal = response.statusCode() == 200 ? ownerId : "anonymous";
            mutations.add(new Made(principal, "POST", "/oauth2/token", response.statusCode()));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo(error);
        assertThat(body.path("error_description").asString()).isNotBlank();
    }

    @Test
    @Order(3)
    void thePortalSignsInWithASessionThatTheApiIgnores() throws Exception {
        JsonNode credentials = SluiceTestServer.ownerCredentials(server.dataDir());
        String id = credentials.path("clientId").asString();
        String secret = credentials.path("clientSecret").asString();
        HttpClient browser =
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        String base = "http://127.0.0.1:" + server.port();

        HttpResponse<String> portal = send(browser, get(base + "/portal"));
        assertThat(portal.statusCode()).isEqualTo(302);
        assertThat(portal.headers().firstValue("Location").orElse("")).endsWith("/login");
        String page = send(browser, get(base + "/login")).body();
        assertThat(page).contains("name=\"client_id\"").contains("name=\"client_secret\"");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("CSRF token in the form").isTrue();

        HttpResponse<String> noCsrf = send(browser, post(base + "/login", form(id, secret)));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        mutations.add(new Made("anonymous", "POST", "/login", 403));
        HttpResponse<String> wrong =
                send(browser, post(base + "/login", form(id, "wrong") + "&_csrf=" + csrf.group(1)));
        assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        mutations.add(new Made("anonymous", "POST", "/login", 302));
        page = send(browser, get(base + "/login")).body();
        assertThat(csrf.reset(page).find()).isTrue();
        HttpResponse<String> signedIn =
                send(browser, post(base + "/login", form(id, secret) + "&_csrf=" + csrf.group(1)));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        // Back to the page first asked for.
        assertThat(signedIn.headers().firstValue("Location").orElse("")).contains("/portal");
        mutations.add(new Made(id, "POST", "/login", 302));

        // The session cookie is the browser's; an API call with it alone is unauthenticated.
        HttpResponse<String> api =
                send(browser, get(base + POOLS + "?api-version=" + ArmClient.API_VERSION));
        assertThat(api.statusCode()).isEqualTo(401);
        HttpResponse<String> apiPut =
                send(
                        browser,
                        HttpRequest.newBuilder(
                                        URI.create(
                                                base
                                                        + POOLS
                                                        + "/pool3?api-version="
                                                        + ArmClient.API_VERSION))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"location\":\"x\"}")));
        assertThat(apiPut.statusCode()).isEqualTo(401);
        mutations.add(new Made("anonymous", "PUT", POOLS + "/pool3", 401));

        // Signing out needs the CSRF token too.
        HttpResponse<String> logoutWithout = send(browser, post(base + "/logout", ""));
        assertThat(logoutWithout.statusCode()).isEqualTo(403);
        mutations.add(new Made(id, "POST", "/logout", 403));
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private static HttpRequest.Builder post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(4)
    void credentialsAndKeyAreReadableByTheServersUserOnly() throws IOException {
        Path credentials = server.dataDir().resolve("owner-credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                .isEqualTo("rw-------");
        Path key = server.dataDir().resolve("security/jwt-signing-key.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        JsonNode file = JSON.readTree(credentials.toFile());
        assertThat(file.path("tokenUrl").asString())
                .isEqualTo("http://127.0.0.1:" + server.port() + "/oauth2/token");
        // The hash, never the secret, is in the database.
        String hash =
                server.context()
                        .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                        .sql("SELECT secret_hash FROM security_principals WHERE client_id = :id")
                        .param("id", file.path("clientId").asString())
                        .query(String.class)
                        .single();
        assertThat(hash)
                .startsWith("{bcrypt}")
                .doesNotContain(file.path("clientSecret").asString());
    }

    @Test
    @Order(5)
    void everyCallIsAuditedAndNoSecretIsLogged() throws IOException {
        List<JsonNode> entries = SecurityMatrix.auditLog(owner);
        assertThat(SecurityMatrix.missingFromAudit(entries, mutations))
                .as("calls without an audit entry")
                .isEmpty();
        String log = Files.readString(work.resolve("server.log"));
        assertThat(log).contains("Created the Owner principal " + ownerId);
        SecurityMatrix.assertHoldsNone(log, secrets);
    }
}
