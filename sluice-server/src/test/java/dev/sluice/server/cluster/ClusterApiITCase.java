package dev.sluice.server.cluster;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster API through HTTP only, against real Flink 1.20 processes: a pool, a local session
 * cluster provisioned in the background and polled through its operation, the 400s of bad input,
 * and a DELETE that leaves no Flink process behind.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // Test-only: the product minimum is 1800 MB per process.
            "sluice.clusters.min-memory-mb=1024",
            "sluice.embedded-cluster.enabled=false",
            "spring.datasource.url=jdbc:h2:mem:cluster-api;DB_CLOSE_DELAY=-1"
        })
class ClusterApiITCase {

    private static final String VERSION = "?api-version=2024-05-01-preview";
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/session1";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DATA = tempDir();

    @LocalServerPort int port;

    private String token;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("sluice.data-dir", DATA::toString);
        registry.add(
                "sluice.flink-runtime-root",
                () -> System.getProperty("sluice.runtime.root", "../flink-runtime/target"));
    }

    @AfterAll
    static void stopWhateverIsLeft() {
        // Only if the test failed half-way: the happy path deletes its cluster through the API.
        new LocalProcessDeployer(DATA, TestFlink.runtimes(), RestFlinkClient::new, Duration.ZERO)
                .stopAll();
        FileSystemUtils.deleteRecursively(DATA.toFile());
    }

    private record Answer(int status, Map<String, java.util.List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String code() {
            return body.path("error").path("code").asString();
        }

        String message() {
            return body.path("error").path("message").asString();
        }

        String target() {
            return body.path("error").path("target").asString();
        }
    }

    private Answer call(String method, String pathOrUrl, String body) {
        URI uri =
                URI.create(
                        pathOrUrl.startsWith("http")
                                ? pathOrUrl
                                : "http://127.0.0.1:" + port + pathOrUrl);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.header("Authorization", "Bearer " + ownerToken());
        try {
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json =
                    response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().map(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token of the Owner the server created on its first start. */
    private String ownerToken() {
        if (token == null) {
            token = SluiceTestServer.ownerToken(DATA, port);
        }
        return token;
    }

    private String cluster(
            String clusterType, String storage, String flinkVersion, long memoryMb, String tag) {
        return """
                {"location":"local","tags":{"tag":"%s"},"properties":{"clusterType":"%s",
                 "clusterProfile":{"flinkProfile":{
                   "storage":{"storageUri":"%s"},
                   "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                   "numReplicas":1,"flinkVersion":"%s",
                   "flinkConfiguration":{"taskmanager.memory.managed.size":"64m"}}}}}
                """
                .formatted(tag, clusterType, storage, memoryMb, memoryMb, flinkVersion);
    }

    private String validCluster(String tag) {
        return cluster(
                "Flink",
                DATA.resolve("storage/session1").toUri().toString(),
                "1.20",
                TestFlink.TEST_MEMORY_MB,
                tag);
    }

    private static void assertError(Answer answer, int status, String code, String target) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.code()).isEqualTo(code);
        if (target != null) {
            assertThat(answer.target()).isEqualTo(target);
        }
    }

    private String awaitOperation(String asyncOperationUrl) {
        String[] status = {""};
        await(
                "operation " + asyncOperationUrl + " ends",
                WAIT,
                () -> {
                    Answer answer = call("GET", asyncOperationUrl, null);
                    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
                    status[0] = answer.body().path("status").asString();
                    return !status[0].equals("InProgress");
                });
        return status[0];
    }

    private static boolean processesOf(Path clusterDir) {
        return ProcessHandle.allProcesses()
                .anyMatch(
                        p ->
                                p.info()
                                        .commandLine()
                                        .map(c -> c.contains("-Dsluice.cluster.dir=" + clusterDir))
                                        .orElse(false));
    }

    @Test
    void createsRunsAndDeletesALocalSessionCluster() {
        // The pool: 201 on create, 200 on update, Succeeded at once.
        Answer pool = call("PUT", POOL + VERSION, "{\"location\":\"local\"}");
        assertThat(pool.status()).as(pool.body().toString()).isEqualTo(201);
        assertThat(pool.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Succeeded");
        assertThat(
                        call(
                                        "PUT",
                                        POOL + VERSION,
                                        "{\"location\":\"local\",\"tags\":{\"a\":\"b\"}}")
                                .status())
                .isEqualTo(200);
        assertError(call("PUT", POOL + VERSION, "{}"), 400, "InvalidRequestContent", "location");
        assertThat(
                        call(
                                        "GET",
                                        "/subscriptions/sub1/providers/Microsoft.HDInsight/clusterpools"
                                                + VERSION,
                                        null)
                                .body()
                                .path("value")
                                .size())
                .isEqualTo(1);

        // Every refusal is a 400 naming the field, before anything is stored or started.
        String profile = "properties.clusterProfile.flinkProfile";
        String storage = DATA.resolve("storage/session1").toUri().toString();
        Answer memory =
                call("PUT", CLUSTER + VERSION, cluster("Flink", storage, "1.20", 1000, "x"));
        assertError(memory, 400, "InvalidMemory", profile + ".jobManager.memory");
        assertThat(memory.message()).contains("1024");
        assertError(
                call("PUT", CLUSTER + VERSION, cluster("Spark", storage, "1.20", 1024, "x")),
                400,
                "InvalidClusterType",
                "properties.clusterType");
        // Azure storage is supported: an account without any credential is a clear 400.
        Answer azure =
                call(
                        "PUT",
                        CLUSTER + VERSION,
                        cluster(
                                "Flink",
                                "abfs://flink@account.dfs.core.windows.net/session1",
                                "1.20",
                                1024,
                                "x"));
        assertError(azure, 400, "StorageAuthenticationFailed", null);
        assertThat(azure.message()).contains("account.dfs.core.windows.net/session1");
        Answer version =
                call("PUT", CLUSTER + VERSION, cluster("Flink", storage, "1.17", 1024, "x"));
        assertError(version, 400, "InvalidFlinkVersion", profile + ".flinkVersion");
        assertThat(version.message()).contains("1.20.3");
        assertError(
                call("PUT", CLUSTER, validCluster("x")),
                400,
                "MissingApiVersionParameter",
                "api-version");
        assertError(
                call("PUT", CLUSTER + "?api-version=2020-01-01", validCluster("x")),
                400,
                "InvalidApiVersionParameter",
                "api-version");
        assertError(
                call(
                        "PUT",
                        POOL.replace("pool1", "nopool") + "/clusters/session1" + VERSION,
                        validCluster("x")),
                404,
                "ResourceNotFound",
                null);
        assertError(call("GET", CLUSTER + VERSION, null), 404, "ResourceNotFound", null);

        // Every property of a full spec pool body is kept and returned as sent.
        JsonNode fullPool = fixture("pool-full.json");
        Answer keptPool = call("PUT", POOL + VERSION, fullPool.toString());
        assertThat(keptPool.status()).as(keptPool.body().toString()).isEqualTo(200);
        assertContains(fullPool, call("GET", POOL + VERSION, null).body());
        assertThat(keptPool.body().path("systemData").path("lastModifiedBy").asString())
                .isNotBlank();

        // PUT: recorded as Accepted, then provisioned in the background. The body is a full
        // spec body: every property is kept, whether Sluice applies it or not.
        JsonNode fullCluster = fixture("cluster-full.json");
        ((ObjectNode) fullCluster.path("properties").path("clusterProfile").path("flinkProfile"))
                .putObject("storage")
                .put("storageUri", storage);
        Answer created = call("PUT", CLUSTER + VERSION, fullCluster.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("properties").path("provisioningState").asString())
                .isEqualTo("Accepted");
        assertThat(created.header("Retry-After")).isEqualTo("2");
        String location = created.header("Location");
        assertThat(location).contains("/operationResults/");
        String asyncOperation = created.header("Azure-AsyncOperation");
        assertThat(asyncOperation)
                .startsWith("http://127.0.0.1:" + port + "/subscriptions/sub1/providers/")
                .contains("/operationStatuses/")
                .endsWith(VERSION);

        assertThat(awaitOperation(asyncOperation)).isEqualTo("Succeeded");
        Answer result = call("GET", location, null);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().path("name").asString()).isEqualTo("session1");

        JsonNode properties = call("GET", CLUSTER + VERSION, null).body().path("properties");
        assertThat(properties.path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(properties.path("status").asString()).isEqualTo("Running");
        assertThat(properties.path("clusterType").asString()).isEqualTo("Flink");
        String deploymentId = properties.path("deploymentId").asString();
        assertThat(deploymentId).startsWith("session1-");
        JsonNode flink = properties.path("clusterProfile").path("flinkProfile");
        assertThat(flink.path("flinkVersion").asString()).isEqualTo("1.20.3");
        JsonNode got = call("GET", CLUSTER + VERSION, null).body();
        assertContains(fullCluster, got);
        assertThat(got.path("systemData").path("createdBy").asString()).isNotBlank();
        assertThat(got.path("systemData").path("createdAt").asString()).isNotBlank();
        assertThat(flink.path("jobManager").path("memory").asLong()).isEqualTo(1024);
        assertThat(flink.path("deploymentMode").asString()).isEqualTo("Session");
        String restUrl = flink.path("restUrl").asString();
        Answer overview = call("GET", restUrl + "/overview", null);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body().path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.body().path("slots-total").asInt()).isEqualTo(2);
        Path clusterDir = DATA.resolve("clusters").resolve(deploymentId).toAbsolutePath();
        assertThat(processesOf(clusterDir)).isTrue();

        everyOtherOperationOfTheSpecAnswers();

        // A listed cluster keeps its pool; only tags and flinkConfiguration may change.
        assertThat(call("GET", POOL + "/clusters" + VERSION, null).body().path("value").size())
                .isEqualTo(1);
        assertError(call("DELETE", POOL + VERSION, null), 409, "PoolNotEmpty", null);
        assertError(
                call("PUT", CLUSTER + VERSION, cluster("Flink", storage, "1.20", 1100, "first")),
                409,
                "ClusterUpdateNotSupported",
                null);
        // A GET body sent back (read-only restUrl and all) with new tags is an update.
        ObjectNode echoed = (ObjectNode) call("GET", CLUSTER + VERSION, null).body();
        echoed.putObject("tags").put("tag", "second");
        Answer retagged = call("PUT", CLUSTER + VERSION, echoed.toString());
        assertThat(retagged.status()).as(retagged.body().toString()).isEqualTo(200);
        assertThat(retagged.body().path("tags").path("tag").asString()).isEqualTo("second");
        assertThat(awaitOperation(retagged.header("Azure-AsyncOperation"))).isEqualTo("Succeeded");
        echoed.remove("systemData");
        assertContains(echoed, call("GET", CLUSTER + VERSION, null).body());

        // PATCH applies what it says (tags, kept profiles) and leaves the rest as it was.
        JsonNode patch = fixture("patch-cluster.json");
        Answer patched = call("PATCH", CLUSTER + VERSION, patch.toString());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        JsonNode afterPatch = call("GET", CLUSTER + VERSION, null).body();
        assertContains(patch, afterPatch);
        assertContains(
                fullCluster.path("properties").path("computeProfile"),
                afterPatch.path("properties").path("computeProfile"));
        assertThat(
                        afterPatch
                                .path("properties")
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("catalogOptions")
                                .path("hive")
                                .path("metastoreDbConnectionUserName")
                                .asString())
                .isEqualTo("hive");

        // DELETE: 202, processes stopped, record gone; storage stays.
        Answer deleting = call("DELETE", CLUSTER + VERSION, null);
        assertThat(deleting.status()).as(deleting.body().toString()).isEqualTo(202);
        assertThat(awaitOperation(deleting.header("Azure-AsyncOperation"))).isEqualTo("Succeeded");
        assertThat(call("GET", deleting.header("Location"), null).status()).isEqualTo(204);
        await("no Flink process left", Duration.ofSeconds(20), () -> !processesOf(clusterDir));
        assertError(call("GET", CLUSTER + VERSION, null), 404, "ResourceNotFound", null);
        assertThat(call("DELETE", CLUSTER + VERSION, null).status()).isEqualTo(204);
        assertThat(Files.isDirectory(DATA.resolve("storage/session1"))).isTrue();

        assertThat(call("DELETE", POOL + VERSION, null).status()).isEqualTo(200);
        assertError(call("GET", POOL + VERSION, null), 404, "ResourceNotFound", null);
    }

    /** The spec's operations beyond CRUD, on the running session cluster and its pool. */
    private void everyOtherOperationOfTheSpecAnswers() {
        String location = "/subscriptions/sub1/providers/Microsoft.HDInsight/locations/local";
        JsonNode configs = call("GET", CLUSTER + "/serviceConfigs" + VERSION, null).body();
        assertThat(
                        configs.path("value")
                                .path(0)
                                .path("properties")
                                .path("customKeys")
                                .path("taskmanager.memory.managed.size")
                                .asString())
                .isEqualTo("64m");
        JsonNode view = call("GET", CLUSTER + "/instanceViews/default" + VERSION, null).body();
        assertThat(view.path("properties").path("status").path("ready").asString())
                .as(view.toString())
                .isEqualTo("true");
        assertThat(view.path("properties").path("serviceStatuses").toString())
                .contains("Flink 1.20.3")
                .contains("1 TaskManager(s)");
        assertThat(call("GET", CLUSTER + "/instanceViews" + VERSION, null).body().path("value"))
                .hasSize(1);

        Answer same =
                call(
                        "POST",
                        CLUSTER + "/resize" + VERSION,
                        "{\"location\":\"local\",\"properties\":{\"targetWorkerNodeCount\":1}}");
        assertThat(same.status()).as(same.body().toString()).isEqualTo(200);
        assertError(
                call(
                        "POST",
                        CLUSTER + "/resize" + VERSION,
                        "{\"location\":\"local\",\"properties\":{\"targetWorkerNodeCount\":0}}"),
                400,
                "InvalidRequestContent",
                "properties.targetWorkerNodeCount");
        assertError(
                call("POST", CLUSTER + "/resize" + VERSION, "{\"properties\":{}}"),
                400,
                "InvalidRequestContent",
                "properties.targetWorkerNodeCount");

        JsonNode upgrades = call("GET", CLUSTER + "/availableUpgrades" + VERSION, null).body();
        assertThat(
                        upgrades.path("value")
                                .path(0)
                                .path("properties")
                                .path("targetOssVersion")
                                .asString())
                .isEqualTo("2.3.0");
        Answer upgrade =
                call(
                        "POST",
                        CLUSTER + "/upgrade" + VERSION,
                        "{\"properties\":{\"upgradeType\":\"PatchVersionUpgrade\","
                                + "\"targetOssVersion\":\"2.3.0\"}}");
        assertThat(upgrade.status()).as(upgrade.body().toString()).isEqualTo(409);
        assertThat(call("GET", CLUSTER + "/upgradeHistories" + VERSION, null).body().path("value"))
                .isEmpty();
        assertError(
                call("POST", CLUSTER + "/rollback" + VERSION, "{}"),
                409,
                "RollbackNotSupported",
                null);

        assertThat(call("GET", POOL + "/availableUpgrades" + VERSION, null).body().path("value"))
                .isEmpty();
        assertThat(call("GET", POOL + "/upgradeHistories" + VERSION, null).body().path("value"))
                .isEmpty();
        assertError(
                call("POST", POOL + "/upgrade" + VERSION, "{}"), 409, "NoUpgradeAvailable", null);

        JsonNode taken =
                call(
                                "POST",
                                location + "/checkNameAvailability" + VERSION,
                                "{\"name\":\"pool1/session1\","
                                        + "\"type\":\"Microsoft.HDInsight/clusterPools/clusters\"}")
                        .body();
        assertThat(taken.path("nameAvailable").asBoolean()).isFalse();
        assertThat(taken.path("reason").asString()).isEqualTo("AlreadyExists");
        JsonNode free =
                call(
                                "POST",
                                location + "/checkNameAvailability" + VERSION,
                                "{\"name\":\"pool2\",\"type\":\"Microsoft.HDInsight/clusterPools\"}")
                        .body();
        assertThat(free.path("nameAvailable").asBoolean()).isTrue();
        JsonNode invalid =
                call(
                                "POST",
                                location + "/checkNameAvailability" + VERSION,
                                "{\"name\":\"a/b/c\",\"type\":\"Microsoft.HDInsight/clusterPools\"}")
                        .body();
        assertThat(invalid.path("reason").asString()).isEqualTo("Invalid");

        JsonNode versions =
                call("GET", location + "/availableClusterVersions" + VERSION, null).body();
        assertThat(versions.path("value").findValuesAsString("ossVersion"))
                .containsExactly("1.20.3", "2.3.0");
        assertThat(
                        call("GET", location + "/availableClusterPoolVersions" + VERSION, null)
                                .body()
                                .path("value")
                                .path(0)
                                .path("properties")
                                .path("clusterPoolVersion")
                                .asString())
                .isEqualTo("1.2");
        JsonNode operations =
                call("GET", "/providers/Microsoft.HDInsight/operations" + VERSION, null).body();
        assertThat(operations.path("value").findValuesAsString("name"))
                .contains("Microsoft.HDInsight/clusterpools/clusters/write");
        assertError(
                call("GET", "/providers/Microsoft.HDInsight/operations", null),
                400,
                "MissingApiVersionParameter",
                "api-version");
    }

    private static JsonNode fixture(String name) {
        try (var in = ClusterApiITCase.class.getResourceAsStream("/arm/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every member of {@code expected} is in {@code actual}, with the same value. */
    private static void assertContains(JsonNode expected, JsonNode actual) {
        assertContains(expected, actual, "");
    }

    private static void assertContains(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " in " + actual).isTrue();
            for (var member : expected.properties()) {
                assertContains(
                        member.getValue(),
                        actual.path(member.getKey()),
                        path + "." + member.getKey());
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sluice-cluster-api").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
