package dev.sluice.server.security;

import static dev.sluice.server.security.SecurityMatrix.CLUSTER;
import static dev.sluice.server.security.SecurityMatrix.OTHER_CLUSTER;
import static dev.sluice.server.security.SecurityMatrix.POOL;
import static dev.sluice.server.security.SecurityMatrix.POOLS;
import static dev.sluice.server.security.SecurityMatrix.RG;
import static dev.sluice.server.security.SecurityMatrix.SECURITY;
import static dev.sluice.server.security.SecurityMatrix.SUB;
import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.security.SecurityMatrix.Call;
import dev.sluice.server.security.SecurityMatrix.Who;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
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
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * Every endpoint of the API against every kind of caller, on a real server (no Flink: the clusters
 * are external ones whose REST URL is a stand-in answering /overview). Bad tokens get 401, callers
 * without the role 403, both in the ARM error shape; callers with the role get past authorization
 * (a 2xx, or a 4xx of the endpoint's own validation). Then: every mutation is in the audit log, the
 * job history names the caller, the portal login keeps to its own paths, the credentials file is
 * 0600, and the server's log (at DEBUG for Spring) holds none of the secrets and tokens used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityMatrixITCase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EXTERNAL_PRINCIPAL = "ext-oid-1";

    /** A mutating call made, as the audit log must show it. */
    record Made(String principal, String method, String target, int status) {}

    private final List<String> secrets = new ArrayList<>();
    private final List<Made> mutations = new ArrayList<>();
    private final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private final Map<Who, String> names = new EnumMap<>(Who.class);

    private Path work;
    private HttpServer flink;
    private TestIssuer external;
    private SluiceTestServer server;
    private ArmClient owner;
    private String clusterOperation;
    private String readerAssignment;
    private Instant matrixStarted;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("sluice-security-");
        flink = FakeFlinkOverview.start();
        external = TestIssuer.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("logging.file.name", work.resolve("server.log").toString());
        // Spring's DEBUG output is where request details would leak, if anywhere.
        properties.put("logging.level.org.springframework.security", "DEBUG");
        properties.put("logging.level.org.springframework.web", "DEBUG");
        properties.put("sluice.security.issuers[0].issuer", external.issuer());
        properties.put("sluice.security.issuers[0].jwk-set-uri", external.jwkSetUri().toString());
        properties.put("sluice.security.issuers[0].principal-claim", "oid");
        server = SluiceTestServer.start(work.resolve("data"), properties, context -> {});
        owner = server.api();

        JsonNode credentials = SluiceTestServer.ownerCredentials(server.dataDir());
        names.put(Who.OWNER, credentials.path("clientId").asString());
        secrets.add(credentials.path("clientSecret").asString());
        tokens.put(Who.OWNER, server.ownerToken());

        String flinkUrl = "http://127.0.0.1:" + flink.getAddress().getPort();
        assertThat(owner.put(POOL, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Answer c1 = owner.put(CLUSTER, externalCluster(flinkUrl));
        assertThat(c1.status()).as(c1.raw()).isIn(200, 201);
        URI operation = URI.create(c1.header("Azure-AsyncOperation"));
        clusterOperation = operation.getRawPath();
        assertThat(owner.put(OTHER_CLUSTER, externalCluster(flinkUrl)).status()).isIn(200, 201);
        for (String cluster : List.of(CLUSTER, OTHER_CLUSTER)) {
            await(
                    cluster + " provisioned",
                    Duration.ofSeconds(60),
                    () ->
                            "Succeeded"
                                    .equals(
                                            owner.get(cluster)
                                                    .body()
                                                    .path("properties")
                                                    .path("provisioningState")
                                                    .asString()));
        }

        readerAssignment = principal(Who.READER, "Reader", SUB);
        principal(Who.OTHER_CLUSTER_CONTRIBUTOR, "Contributor", OTHER_CLUSTER);
        principal(Who.CONTRIBUTOR, "Contributor", RG);
        principal(Who.POOL_OWNER, "Owner", POOL);
        assign("external", EXTERNAL_PRINCIPAL, "Contributor", RG);
        names.put(Who.EXTERNAL, EXTERNAL_PRINCIPAL);
        tokens.put(
                Who.EXTERNAL,
                external.token(
                        TestIssuer.validFor("ext-subject").claim("oid", EXTERNAL_PRINCIPAL)));
        badTokens();
        secrets.addAll(tokens.values());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (flink != null) {
            flink.stop(0);
        }
        if (external != null) {
            external.close();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work.toFile());
        }
    }

    // ---- set-up

    /** Creates a principal through the API, assigns it a role, and gets its token. */
    private String principal(Who who, String role, String scope) {
        Answer created = owner.post(SECURITY + "/principals", "{\"displayName\":\"" + who + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String clientId = created.body().path("clientId").asString();
        String secret = created.body().path("clientSecret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        secrets.add(secret);
        names.put(who, clientId);
        tokens.put(who, SluiceTestServer.token(server.port(), clientId, secret));
        return assign(who.name().toLowerCase(), clientId, role, scope);
    }

    private String assign(String name, String principalId, String role, String scope) {
        Answer assigned =
                owner.put(
                        SECURITY + "/roleAssignments/" + name,
                        "{\"properties\":{\"principalId\":\"%s\",\"role\":\"%s\",\"scope\":\"%s\"}}"
                                .formatted(principalId, role, scope));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(201);
        return name;
    }

    /** The ways a token is refused, each otherwise naming the Owner. */
    private void badTokens() throws IOException, ParseException {
        RSAKey serverKey =
                RSAKey.parse(
                        Files.readString(
                                server.dataDir().resolve("security/jwt-signing-key.json")));
        secrets.add(serverKey.getPrivateExponent().toString());
        tokens.putAll(
                SecurityMatrix.badTokens(
                        "http://127.0.0.1:" + server.port(),
                        serverKey,
                        names.get(Who.OWNER),
                        external));
    }

    private String externalCluster(String restUrl) {
        return """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{
                 "flinkProfile":{"storage":{"storageUri":"%s"},
                 "flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                .formatted(work.resolve("storage").toUri(), restUrl);
    }

    private ArmClient as(Who who) {
        return owner.withToken(who == Who.NO_TOKEN ? null : tokens.get(who));
    }

    @Test
    @Order(1)
    void everyEndpointAgainstEveryCaller() {
        matrixStarted = Instant.now();
        List<String> failures = new ArrayList<>();
        for (Call call :
                SecurityMatrix.calls(clusterOperation, names.get(Who.READER), readerAssignment)) {
            for (Who who : Who.values()) {
                String path = call.path().apply(who);
                Answer answer =
                        as(who).send(
                                        call.method(),
                                        path,
                                        call.contentType(),
                                        call.body().apply(who));
                if (!call.method().equals("GET")) {
                    mutations.add(
                            new Made(
                                    who.authenticates() ? names.get(who) : "anonymous",
                                    call.method(),
                                    URI.create("http://x" + path).getPath(),
                                    answer.status()));
                }
                String problem = SecurityMatrix.check(call, who, answer);
                if (problem != null) {
                    failures.add(call.name() + " as " + who + ": " + problem);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    @Order(2)
    void refusalsSayWhyWithoutEchoingTheToken() {
        Answer expired = as(Who.EXPIRED).get(CLUSTER);
        assertThat(expired.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(expired.body().path("error").path("message").asString()).contains("expired");
        Answer unknown = as(Who.UNKNOWN_ISSUER).get(CLUSTER);
        assertThat(unknown.body().path("error").path("message").asString()).contains("issuer");
        Answer missing = as(Who.NO_TOKEN).get(CLUSTER);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
        Answer noClaim = as(Who.EXTERNAL_WITHOUT_CLAIM).get(CLUSTER);
        assertThat(noClaim.body().path("error").path("message").asString()).contains("'oid'");
        Answer denied = as(Who.READER).post(CLUSTER + "/runJob", "{}");
        assertThat(denied.body().path("error").path("message").asString())
                .contains(names.get(Who.READER))
                .contains("Contributor")
                .contains(CLUSTER + "/runJob");
        for (Who who : Who.values()) {
            if (tokens.containsKey(who)) {
                assertThat(as(who).get(CLUSTER).raw()).doesNotContain(tokens.get(who));
            }
        }
    }

    @Test
    @Order(3)
    void onlyHealthTheTokenEndpointAndTheKeysAnswerWithoutAToken() {
        ArmClient anonymous = owner.withToken(null);
        assertThat(anonymous.get("/actuator/health?api-version=none").status()).isEqualTo(200);
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
    @Order(4)
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
        assertThat(owner.withToken(issued.path("access_token").asString()).get(POOL).status())
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
            String principal = response.statusCode() == 200 ? names.get(Who.OWNER) : "anonymous";
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
    @Order(5)
    void theJobHistoryNamesTheCaller() {
        String job =
                """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"matrix.jar","entryClass":"x.Main"}}
                """;
        String jars = work.resolve("storage/jars").toUri().toString();
        for (Who who : List.of(Who.CONTRIBUTOR, Who.EXTERNAL)) {
            String name = "history-" + who.name().toLowerCase().replace('_', '-');
            Answer accepted = as(who).post(CLUSTER + "/runJob", job.formatted(name, jars));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            mutations.add(new Made(names.get(who), "runJob NEW", CLUSTER + "/runJob", 202));
            JsonNode detail = owner.get(CLUSTER + "/jobs/" + name).body();
            assertThat(detail.path("actions").get(0).path("principal").asString())
                    .isEqualTo(names.get(who));
        }
    }

    @Test
    @Order(6)
    void ownersCannotRemoveTheLastOwnerAtTheRoot() {
        Answer list = owner.get(SECURITY + "/roleAssignments?principalId=" + names.get(Who.OWNER));
        String rootAssignment = list.body().path("value").get(0).path("name").asString();
        Answer refused = owner.delete(SECURITY + "/roleAssignments/" + rootAssignment);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("LastOwner");
        mutations.add(
                new Made(
                        names.get(Who.OWNER),
                        "DELETE",
                        SECURITY + "/roleAssignments/" + rootAssignment,
                        409));
        Answer self = owner.delete(SECURITY + "/principals/" + names.get(Who.OWNER));
        assertThat(self.status()).isEqualTo(409);
        mutations.add(
                new Made(
                        names.get(Who.OWNER),
                        "DELETE",
                        SECURITY + "/principals/" + names.get(Who.OWNER),
                        409));
        // Deleting a principal revokes its tokens at once.
        Answer created = owner.post(SECURITY + "/principals", "{}");
        String doomed = created.body().path("clientId").asString();
        secrets.add(created.body().path("clientSecret").asString());
        mutations.add(new Made(names.get(Who.OWNER), "POST", SECURITY + "/principals", 201));
        assign("doomed", doomed, "Reader", "/");
        mutations.add(
                new Made(names.get(Who.OWNER), "PUT", SECURITY + "/roleAssignments/doomed", 201));
        String token =
                SluiceTestServer.token(
                        server.port(), doomed, created.body().path("clientSecret").asString());
        secrets.add(token);
        mutations.add(new Made(doomed, "POST", "/oauth2/token", 200));
        assertThat(owner.withToken(token).get(POOL).status()).isEqualTo(200);
        assertThat(owner.delete(SECURITY + "/principals/" + doomed).status()).isEqualTo(200);
        mutations.add(
                new Made(names.get(Who.OWNER), "DELETE", SECURITY + "/principals/" + doomed, 200));
        Answer revoked = owner.withToken(token).get(POOL);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body().path("error").path("message").asString())
                .contains("no longer exists");
        assertThat(owner.get(SECURITY + "/roleAssignments/doomed").status()).isEqualTo(404);

        // A Reader sees its own assignment only.
        JsonNode readers = as(Who.READER).get(SECURITY + "/roleAssignments").body().path("value");
        assertThat(readers).hasSize(1);
        assertThat(readers.get(0).path("properties").path("principalId").asString())
                .isEqualTo(names.get(Who.READER));
    }

    @Test
    @Order(8)
    void everyMutationIsInTheAuditLog() {
        List<JsonNode> entries = new ArrayList<>();
        String next = SECURITY + "/auditLogs?$top=50";
        int pages = 0;
        while (next != null) {
            Answer page = next.startsWith("http") ? owner.getUrl(next) : owner.get(next);
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().path("value").forEach(entries::add);
            next = page.body().path("nextLink").asString(null);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        List<JsonNode> unmatched = new ArrayList<>(entries);
        List<Made> missing = new ArrayList<>();
        for (Made made : mutations) {
            JsonNode found =
                    unmatched.stream()
                            .filter(e -> e.path("principal").asString().equals(made.principal()))
                            .filter(e -> e.path("target").asString().equals(made.target()))
                            .filter(e -> e.path("status").asInt() == made.status())
                            .filter(
                                    e ->
                                            e.path("operation")
                                                    .asString()
                                                    .startsWith(
                                                            made.target().endsWith("/runJob")
                                                                    ? "runJob"
                                                                    : made.method()))
                            .findFirst()
                            .orElse(null);
            if (found == null) {
                missing.add(made);
            } else {
                unmatched.remove(found);
            }
        }
        assertThat(missing).as("calls without an audit entry").isEmpty();

        JsonNode stop =
                entries.stream()
                        .filter(e -> e.path("operation").asString().equals("runJob STOP"))
                        .findFirst()
                        .orElseThrow();
        assertThat(stop.path("target").asString()).isEqualTo(CLUSTER + "/runJob");
        assertThat(
                        entries.stream()
                                .filter(e -> e.path("operation").asString().equals("runJob NEW")))
                .hasSize(2);

        // The time window: nothing of the matrix before it started, all of it after.
        String from = URLEncoder.encode(matrixStarted.toString(), StandardCharsets.UTF_8);
        JsonNode before = owner.get(SECURITY + "/auditLogs?$top=1000&to=" + from).body();
        assertThat(before.path("value"))
                .allSatisfy(
                        e ->
                                assertThat(Instant.parse(e.path("time").asString()))
                                        .isBefore(matrixStarted));
        JsonNode after = owner.get(SECURITY + "/auditLogs?$top=1000&from=" + from).body();
        assertThat(after.path("value"))
                .allSatisfy(
                        e ->
                                assertThat(Instant.parse(e.path("time").asString()))
                                        .isAfterOrEqualTo(matrixStarted));
        assertThat(after.path("value").toString()).contains("runJob STOP");
        assertThat(before.path("value").toString()).doesNotContain("runJob STOP");
        assertThat(after.path("value").size() + before.path("value").size())
                .isEqualTo(entries.size());
        assertThat(owner.get(SECURITY + "/auditLogs?from=yesterday").errorCode())
                .isEqualTo("InvalidParameter");
        assertThat(owner.get(SECURITY + "/auditLogs?$top=0").errorCode())
                .isEqualTo("InvalidParameter");

        // An Owner of a pool reads the entries under its pool only.
        JsonNode scoped =
                as(Who.POOL_OWNER).get(SECURITY + "/auditLogs?$top=1000").body().path("value");
        assertThat(scoped).isNotEmpty();
        assertThat(scoped)
                .allSatisfy(
                        e ->
                                assertThat(e.path("target").asString().toLowerCase())
                                        .startsWith(POOL.toLowerCase()));
    }

    @Test
    @Order(7)
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
                send(browser, get(base + POOL + "?api-version=" + ArmClient.API_VERSION));
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
    @Order(9)
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
    @Order(10)
    void theServerLogHoldsNoSecretNorToken() throws IOException {
        Path log = work.resolve("server.log");
        String text = Files.readString(log);
        assertThat(text)
                .as("the log was captured")
                .contains("Created the Owner principal " + names.get(Who.OWNER))
                .contains("owner-credentials.json");
        assertThat(secrets).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
            String signature = secret.substring(secret.lastIndexOf('.') + 1);
            if (secret.chars().filter(c -> c == '.').count() == 2 && signature.length() > 20) {
                // Nor a token's signature alone.
                assertThat(text).doesNotContain(signature);
            }
        }
        assertThat(text).doesNotContain("eyJ");
    }
}
