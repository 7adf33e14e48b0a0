package dev.sluice.server.security;

import static dev.sluice.server.security.SecurityMatrix.CLUSTER;
import static dev.sluice.server.security.SecurityMatrix.OTHER_CLUSTER;
import static dev.sluice.server.security.SecurityMatrix.POOL;
import static dev.sluice.server.security.SecurityMatrix.RG;
import static dev.sluice.server.security.SecurityMatrix.SECURITY;
import static dev.sluice.server.security.SecurityMatrix.SUB;
import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.security.SecurityMatrix.Call;
import dev.sluice.server.security.SecurityMatrix.Made;
import dev.sluice.server.security.SecurityMatrix.Who;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of the API against every kind of caller, on a real server (no Flink: the clusters
 * are external ones whose REST URL is a stand-in answering /overview). Bad tokens get 401, callers
 * without the role 403, both in the ARM error shape; callers with the role get past authorization
 * (a 2xx, or a 4xx of the endpoint's own validation); a token of an external issuer counts with the
 * role assigned to its principal claim. Then: every mutation is in the audit log, the job history
 * names the caller, deleting a principal revokes its tokens, the last Owner at / stays, and the
 * server's log (at DEBUG for Spring) holds none of the secrets and tokens used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityMatrixITCase {

    private static final String EXTERNAL_PRINCIPAL = "ext-oid-1";

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
        List<JsonNode> entries = SecurityMatrix.auditLog(owner);
        assertThat(entries.size()).isGreaterThan(50);
        assertThat(SecurityMatrix.missingFromAudit(entries, mutations))
                .as("calls without an audit entry")
                .isEmpty();

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
    @Order(10)
    void theServerLogHoldsNoSecretNorToken() throws IOException {
        Path log = work.resolve("server.log");
        String text = Files.readString(log);
        assertThat(text)
                .as("the log was captured")
                .contains("Created the Owner principal " + names.get(Who.OWNER))
                .contains("owner-credentials.json");
        assertThat(secrets).hasSizeGreaterThan(10);
        SecurityMatrix.assertHoldsNone(text, secrets);
    }
}
