package dev.sluice.server.security;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * The security matrix's table: the kinds of caller, every endpoint of the API with the callers that
 * must get past authorization, and how an answer is judged.
 */
final class SecurityMatrix {

    static final String SUB = "/subscriptions/sub1";
    static final String RG = SUB + "/resourceGroups/rg1";
    static final String POOLS = RG + "/providers/Microsoft.HDInsight/clusterpools";
    static final String POOL = POOLS + "/pool1";
    static final String CLUSTER = POOL + "/clusters/c1";
    static final String OTHER_CLUSTER = POOL + "/clusters/c2";
    static final String SECURITY = "/providers/Sluice.Security";

    /** Who calls: six kinds of bad token, then principals holding different roles. */
    enum Who {
        NO_TOKEN,
        MALFORMED,
        EXPIRED,
        WRONG_SIGNATURE,
        UNKNOWN_ISSUER,
        UNSIGNED,
        EXTERNAL_WITHOUT_CLAIM,
        READER,
        OTHER_CLUSTER_CONTRIBUTOR,
        CONTRIBUTOR,
        POOL_OWNER,
        OWNER,
        EXTERNAL;

        boolean authenticates() {
            return ordinal() >= READER.ordinal();
        }
    }

    /**
     * One endpoint: who gets past authorization, and the statuses that prove it did.
     *
     * @param path the path for a caller (some calls name a resource per caller)
     */
    record Call(
            String name,
            String method,
            Function<Who, String> path,
            String contentType,
            Function<Who, byte[]> body,
            Set<Who> allowed,
            Set<Integer> passes) {}

    private static Set<Who> only(Who... who) {
        return who.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(who));
    }

    private static final Set<Who> READ_RG =
            only(Who.READER, Who.CONTRIBUTOR, Who.OWNER, Who.EXTERNAL);
    private static final Set<Who> READ_POOL =
            only(Who.READER, Who.CONTRIBUTOR, Who.POOL_OWNER, Who.OWNER, Who.EXTERNAL);
    private static final Set<Who> CONTRIBUTE_POOL =
            only(Who.CONTRIBUTOR, Who.POOL_OWNER, Who.OWNER, Who.EXTERNAL);
    private static final Set<Who> OWN_POOL = only(Who.POOL_OWNER, Who.OWNER);
    private static final Set<Who> OWN_RG = only(Who.OWNER);

    private static Function<Who, String> at(String path) {
        return who -> path;
    }

    private static Function<Who, byte[]> json(String body) {
        return who -> body.getBytes(StandardCharsets.UTF_8);
    }

    private static Call call(
            String name,
            String method,
            String path,
            String body,
            Set<Who> allowed,
            Integer... passes) {
        return new Call(
                name,
                method,
                at(path),
                body == null ? null : "application/json",
                body == null ? who -> null : json(body),
                allowed,
                Set.of(passes));
    }

    /**
     * Every endpoint, with who may call it.
     *
     * @param clusterOperation the path of the operation that created the cluster
     * @param reader the Reader's client id
     * @param readerAssignment the name of the Reader's role assignment
     */
    static List<Call> calls(String clusterOperation, String reader, String readerAssignment) {
        byte[] jar = jar();
        Function<Who, byte[]> jarBody = who -> jar;
        String stop =
                "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"nojob\",\"action\":\"STOP\"}}";
        String tags = "{\"tags\":{\"team\":\"x\"}}";
        List<Call> calls = new ArrayList<>();
        // Pools.
        calls.add(call("GET pool", "GET", POOL, null, READ_POOL, 200));
        calls.add(call("list pools of rg", "GET", POOLS, null, READ_RG, 200));
        calls.add(
                call(
                        "list pools of subscription",
                        "GET",
                        SUB + "/providers/Microsoft.HDInsight/clusterpools",
                        null,
                        only(Who.READER, Who.OWNER),
                        200));
        calls.add(
                call(
                        "PUT pool",
                        "PUT",
                        POOLS + "/pool2",
                        "{\"location\":\"local\"}",
                        OWN_RG,
                        200,
                        201));
        calls.add(call("PATCH pool", "PATCH", POOL, tags, OWN_POOL, 200));
        calls.add(call("DELETE pool", "DELETE", POOLS + "/nopool", null, OWN_RG, 204));
        // Clusters.
        calls.add(call("list clusters", "GET", POOL + "/clusters", null, READ_POOL, 200));
        calls.add(call("GET cluster", "GET", CLUSTER, null, READ_POOL, 200));
        calls.add(
                call(
                        "GET other cluster",
                        "GET",
                        OTHER_CLUSTER,
                        null,
                        EnumSet.of(
                                Who.READER,
                                Who.OTHER_CLUSTER_CONTRIBUTOR,
                                Who.CONTRIBUTOR,
                                Who.POOL_OWNER,
                                Who.OWNER,
                                Who.EXTERNAL),
                        200));
        // An invalid body: a 400 from validation proves the caller got past authorization.
        calls.add(call("PUT cluster", "PUT", POOL + "/clusters/c3", "{}", OWN_POOL, 400));
        calls.add(call("PATCH cluster", "PATCH", CLUSTER, tags, OWN_POOL, 200));
        calls.add(call("DELETE cluster", "DELETE", POOL + "/clusters/none", null, OWN_POOL, 204));
        calls.add(call("cluster operation", "GET", clusterOperation, null, READ_POOL, 200));
        // Jobs.
        calls.add(call("runJob", "POST", CLUSTER + "/runJob", stop, CONTRIBUTE_POOL, 404));
        calls.add(call("list jobs", "GET", CLUSTER + "/jobs", null, READ_POOL, 200));
        calls.add(call("GET job", "GET", CLUSTER + "/jobs/nojob", null, READ_POOL, 404));
        calls.add(
                call(
                        "job operation",
                        "GET",
                        CLUSTER + "/operationResults/00000000000000000000000000000000",
                        null,
                        READ_POOL,
                        404));
        calls.add(
                new Call(
                        "upload jar",
                        "PUT",
                        at(CLUSTER + "/jars/matrix.jar"),
                        "application/java-archive",
                        jarBody,
                        CONTRIBUTE_POOL,
                        Set.of(201)));
        calls.add(
                new Call(
                        "upload jar to other cluster",
                        "PUT",
                        at(OTHER_CLUSTER + "/jars/matrix.jar"),
                        "application/java-archive",
                        jarBody,
                        EnumSet.of(
                                Who.OTHER_CLUSTER_CONTRIBUTOR,
                                Who.CONTRIBUTOR,
                                Who.POOL_OWNER,
                                Who.OWNER,
                                Who.EXTERNAL),
                        Set.of(201)));
        // Principals: Owner at / only.
        calls.add(
                call(
                        "create principal",
                        "POST",
                        SECURITY + "/principals",
                        "{\"displayName\":\"matrix\"}",
                        only(Who.OWNER),
                        201));
        calls.add(
                call(
                        "list principals",
                        "GET",
                        SECURITY + "/principals",
                        null,
                        only(Who.OWNER),
                        200));
        calls.add(
                new Call(
                        "GET principal",
                        "GET",
                        who -> SECURITY + "/principals/" + reader,
                        null,
                        who -> null,
                        only(Who.OWNER),
                        Set.of(200)));
        calls.add(
                call(
                        "DELETE principal",
                        "DELETE",
                        SECURITY + "/principals/nobody",
                        null,
                        only(Who.OWNER),
                        204));
        // Role assignments: Owner at (or above) the scope.
        calls.add(
                new Call(
                        "PUT role assignment at subscription",
                        "PUT",
                        who -> SECURITY + "/roleAssignments/sub-" + who,
                        "application/json",
                        who ->
                                ("{\"principalId\":\"someone-"
                                                + who
                                                + "\",\"role\":\"Reader\","
                                                + "\"scope\":\""
                                                + SUB
                                                + "\"}")
                                        .getBytes(StandardCharsets.UTF_8),
                        only(Who.OWNER),
                        Set.of(201)));
        calls.add(
                new Call(
                        "PUT role assignment at pool",
                        "PUT",
                        who -> SECURITY + "/roleAssignments/pool-" + who,
                        "application/json",
                        who ->
                                ("{\"properties\":{\"principalId\":\"someone-"
                                                + who
                                                + "\","
                                                + "\"role\":\"Contributor\",\"scope\":\""
                                                + POOL
                                                + "\"}}")
                                        .getBytes(StandardCharsets.UTF_8),
                        OWN_POOL,
                        Set.of(201)));
        calls.add(
                call(
                        "list role assignments",
                        "GET",
                        SECURITY + "/roleAssignments",
                        null,
                        EnumSet.range(Who.READER, Who.EXTERNAL),
                        200));
        calls.add(
                new Call(
                        "GET role assignment",
                        "GET",
                        who -> SECURITY + "/roleAssignments/" + readerAssignment,
                        null,
                        who -> null,
                        only(Who.READER, Who.OWNER),
                        Set.of(200)));
        calls.add(
                call(
                        "DELETE role assignment",
                        "DELETE",
                        SECURITY + "/roleAssignments/none",
                        null,
                        OWN_POOL,
                        204));
        // Audit log: Owners.
        calls.add(call("audit log", "GET", SECURITY + "/auditLogs", null, OWN_POOL, 200));
        return calls;
    }

    /**
     * Tokens refused for each reason but the principal: a malformed one, an expired and a forged
     * one of the built-in issuer (signed with its key, or with another under its key id), one of an
     * unknown issuer, an unsigned one, and one of the external issuer without its principal claim.
     */
    static Map<Who, String> badTokens(
            String issuer, RSAKey serverKey, String ownerId, TestIssuer external) {
        Map<Who, String> tokens = new EnumMap<>(Who.class);
        tokens.put(Who.MALFORMED, "not-a-jwt");
        Instant past = Instant.now().minus(Duration.ofHours(2));
        tokens.put(
                Who.EXPIRED,
                TestIssuer.sign(
                        serverKey,
                        TestIssuer.validFor(ownerId)
                                .issuer(issuer)
                                .audience(issuer)
                                .issueTime(Date.from(past))
                                .notBeforeTime(Date.from(past))
                                .expirationTime(Date.from(past.plusSeconds(3600)))));
        RSAKey forger = new RSAKey.Builder(TestIssuer.newKey()).keyID(serverKey.getKeyID()).build();
        tokens.put(
                Who.WRONG_SIGNATURE,
                TestIssuer.sign(
                        forger, TestIssuer.validFor(ownerId).issuer(issuer).audience(issuer)));
        tokens.put(
                Who.UNKNOWN_ISSUER,
                TestIssuer.sign(
                        TestIssuer.newKey(),
                        TestIssuer.validFor(ownerId).issuer("http://127.0.0.1:1/unknown")));
        tokens.put(
                Who.UNSIGNED,
                new PlainJWT(TestIssuer.validFor(ownerId).issuer(issuer).audience(issuer).build())
                        .serialize());
        tokens.put(Who.EXTERNAL_WITHOUT_CLAIM, external.token(TestIssuer.validFor("ext-subject")));
        return tokens;
    }

    /** A mutating call made, as the audit log must show it. */
    record Made(String principal, String method, String target, int status) {}

    /** Every entry of the audit log, read page by page through nextLink. */
    static List<JsonNode> auditLog(ArmClient owner) {
        List<JsonNode> entries = new ArrayList<>();
        String next = SECURITY + "/auditLogs?$top=50";
        while (next != null) {
            Answer page = next.startsWith("http") ? owner.getUrl(next) : owner.get(next);
            if (page.status() != 200) {
                throw new AssertionError("audit log: " + page.raw());
            }
            page.body().path("value").forEach(entries::add);
            next = page.body().path("nextLink").asString(null);
        }
        return entries;
    }

    /** The calls made that have no audit entry (one entry counts for one call). */
    static List<Made> missingFromAudit(List<JsonNode> entries, List<Made> made) {
        List<JsonNode> unmatched = new ArrayList<>(entries);
        List<Made> missing = new ArrayList<>();
        for (Made call : made) {
            String operation = call.target().endsWith("/runJob") ? "runJob" : call.method();
            JsonNode found =
                    unmatched.stream()
                            .filter(e -> e.path("principal").asString().equals(call.principal()))
                            .filter(e -> e.path("target").asString().equals(call.target()))
                            .filter(e -> e.path("status").asInt() == call.status())
                            .filter(e -> e.path("operation").asString().startsWith(operation))
                            .findFirst()
                            .orElse(null);
            if (found == null) {
                missing.add(call);
            } else {
                unmatched.remove(found);
            }
        }
        return missing;
    }

    /** Fails when the log text holds a secret, a token or a token's signature. */
    static void assertHoldsNone(String log, List<String> secrets) {
        for (String secret : secrets) {
            if (log.contains(secret)) {
                throw new AssertionError("the log holds a secret or token used by the test");
            }
            String signature = secret.substring(secret.lastIndexOf('.') + 1);
            if (secret.chars().filter(c -> c == '.').count() == 2
                    && signature.length() > 20
                    && log.contains(signature)) {
                throw new AssertionError("the log holds a token's signature");
            }
        }
        if (log.contains("eyJ")) {
            throw new AssertionError("the log holds something shaped like a JWT");
        }
    }

    /** What is wrong with the answer, or null when it is right. */
    static String check(Call call, Who who, Answer answer) {
        if (!who.authenticates()) {
            if (answer.status() != 401) {
                return "expected 401, got " + answer.status() + " " + answer.raw();
            }
            String challenge = answer.header("WWW-Authenticate");
            if (challenge == null || !challenge.startsWith("Bearer")) {
                return "401 without WWW-Authenticate: Bearer";
            }
            return armError(answer, "AuthenticationFailed");
        }
        if (!call.allowed().contains(who)) {
            if (answer.status() != 403) {
                return "expected 403, got " + answer.status() + " " + answer.raw();
            }
            return armError(answer, "AuthorizationFailed");
        }
        if (!call.passes().contains(answer.status())) {
            return "expected " + call.passes() + ", got " + answer.status() + " " + answer.raw();
        }
        return null;
    }

    private static String armError(Answer answer, String code) {
        JsonNode error = answer.body() == null ? null : answer.body().path("error");
        if (error == null || !code.equals(error.path("code").asString(null))) {
            return "expected error code " + code + " in " + answer.raw();
        }
        if (error.path("message").asString("").isBlank()) {
            return "error without a message: " + answer.raw();
        }
        return null;
    }

    /** A small valid jar. */
    static byte[] jar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new JarEntry("matrix.txt"));
            out.write("matrix".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private SecurityMatrix() {}
}
