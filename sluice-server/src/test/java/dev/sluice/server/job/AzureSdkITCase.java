package dev.sluice.server.job;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.GenericResource;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft's own ARM client drives Sluice over HTTPS (the certificate {@code
 * sluice.tls.self-signed} generates): the generic-resources client of
 * azure-resourcemanager-resources puts, reads, patches and deletes a pool and a cluster, and
 * azure-core-management's {@link PollerFactory} follows runJob, each long-running operation with
 * the SDK's own poller. The bodies are the spec's examples (test resources {@code arm/}).
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzureSdkITCase {

    private static final String API_VERSION = "2024-05-01-preview";
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String CLUSTER = POOL + "/clusters/flink1";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path work;
    private Path jars;
    private Path out;
    private SessionFlink flink;
    private SluiceTestServer server;
    private String base;
    private ResourceManager arm;
    private ResourcesClient resources;
    private HttpPipeline pipeline;
    private java.net.http.HttpClient https;
    private final SerializerAdapter serializer =
            SerializerFactory.createDefaultManagementSerializerAdapter();

    @BeforeAll
    void start(SessionFlink flink, @TempDir Path work) throws Exception {
        this.flink = flink;
        this.work = work;
        jars = work.resolve("storage/jars");
        out = work.resolve("out");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "sluice.tls.self-signed", "true",
                                "sluice.observer.tick", "500ms",
                                "sluice.actions.checkpoint-interval", "1s"),
                        c -> {});
        base = "https://127.0.0.1:" + server.port();
        Path ca = work.resolve("data/tls/ca.pem");
        SslContext trust = SslContextBuilder.forClient().trustManager(ca.toFile()).build();
        HttpClient http =
                new NettyAsyncHttpClientBuilder(
                                reactor.netty.http.client.HttpClient.create()
                                        .secure(spec -> spec.sslContext(trust)))
                        .build();
        AzureEnvironment sluice =
                new AzureEnvironment(
                        Map.of(
                                "resourceManagerEndpointUrl", base + "/",
                                "managementEndpointUrl", base + "/",
                                "activeDirectoryEndpointUrl", base + "/",
                                "activeDirectoryResourceId", base + "/"));
        arm =
                ResourceManager.configure()
                        .withHttpClient(http)
                        .authenticate(sluiceTokens(ca), new AzureProfile("tenant1", "sub1", sluice))
                        .withSubscription("sub1");
        resources = arm.serviceClient().getResources();
        pipeline = arm.serviceClient().getHttpPipeline();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        flink.cancelRunningJobs();
    }

    @Test
    @Order(1)
    void the_server_answers_https_with_its_generated_certificate() throws Exception {
        Path tls = work.resolve("data/tls");
        assertThat(tls.resolve("ca.pem")).exists();
        assertThat(Files.getPosixFilePermissions(tls.resolve("server-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // The Owner's token URL names the https base, so clients of the file find the server.
        assertThat(
                        SluiceTestServer.ownerCredentials(work.resolve("data"))
                                .path("tokenUrl")
                                .asString())
                .isEqualTo(base + "/oauth2/token");
        // The portal's sign-in page over HTTPS; plain HTTP on the same port is no API.
        var login =
                https.send(
                        java.net.http.HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form");
        var plain =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + server.port()
                                                                + "/login"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void generic_resources_put_get_patch_a_pool_and_a_cluster() throws Exception {
        GenericResourceInner pool =
                resources
                        .beginCreateOrUpdateById(POOL, API_VERSION, fixture("pool-full.json"))
                        .getFinalResult();
        assertThat(pool.id()).isEqualToIgnoringCase(POOL);
        assertThat(pool.tags()).containsEntry("team", "streaming");

        ObjectNode cluster = (ObjectNode) JSON.readTree(resource("cluster-full.json"));
        ObjectNode flinkProfile =
                (ObjectNode) cluster.path("properties").path("clusterProfile").path("flinkProfile");
        flinkProfile
                .putObject("storage")
                .put("storageUri", work.resolve("storage").toUri().toString());
        flinkProfile.put("restUrl", flink.restUrl().toString());
        SyncPoller<PollResult<GenericResourceInner>, GenericResourceInner> creation =
                resources.beginCreateOrUpdateById(CLUSTER, API_VERSION, inner(cluster.toString()));
        PollResponse<PollResult<GenericResourceInner>> created = creation.waitForCompletion(WAIT);
        assertThat(created.getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        GenericResourceInner provisioned = creation.getFinalResult();
        assertThat(properties(provisioned).path("provisioningState").asString())
                .isEqualTo("Succeeded");

        // The fluent GenericResources interface reads the same resource.
        GenericResource fluent = arm.genericResources().getById(CLUSTER, API_VERSION);
        assertThat(fluent.name()).isEqualTo("flink1");
        assertThat(fluent.regionName()).isEqualTo("local");
        assertThat(fluent.tags()).containsEntry("team", "streaming");
        GenericResourceInner read = resources.getById(CLUSTER, API_VERSION);
        assertThat(read.name()).isEqualTo("flink1");
        assertThat(
                        properties(read)
                                .path("clusterProfile")
                                .path("autoscaleProfile")
                                .path("enabled")
                                .asBoolean())
                .isTrue();

        // PATCH with the spec's PatchCluster body, then tags only: long-running, polled by the SDK.
        GenericResourceInner patched =
                resources
                        .beginUpdateById(CLUSTER, API_VERSION, fixture("patch-cluster.json"))
                        .getFinalResult();
        assertThat(patched.tags()).containsEntry("patched", "yes");
        assertThat(
                        properties(patched)
                                .path("clusterProfile")
                                .path("sshProfile")
                                .path("count")
                                .asInt())
                .isEqualTo(2);
        GenericResourceInner tagged =
                resources
                        .beginUpdateById(
                                CLUSTER,
                                API_VERSION,
                                new GenericResourceInner().withTags(Map.of("owner", "sdk")))
                        .getFinalResult();
        assertThat(tagged.tags()).containsEntry("owner", "sdk");
        assertThat(resources.getById(CLUSTER, API_VERSION).tags()).containsEntry("owner", "sdk");
    }

    @Test
    @Order(3)
    void run_job_actions_are_followed_by_the_sdk_poller() throws Exception {
        Map<String, Object> started =
                runJob(job("NEW").put("args", "--output " + out + " --rate 20 --keys 2"));
        assertThat(started)
                .containsEntry("actionResult", "SUCCESS")
                .containsEntry("status", "RUNNING");
        await("counts", WAIT, () -> minCount(out) >= 3);

        GenericResourceInner job = resources.getById(CLUSTER + "/jobs/counter", API_VERSION);
        assertThat(properties(job).path("status").asString()).isEqualTo("RUNNING");

        assertThat(runJob(job("STOP"))).containsEntry("actionResult", "SUCCESS");
        assertThat(runJob(job("START"))).containsEntry("status", "RUNNING");
        assertThat(runJob(job("UPDATE"))).containsEntry("status", "RUNNING");
        assertThat(runJob(job("STOP"))).containsEntry("actionResult", "SUCCESS");
    }

    @Test
    @Order(4)
    void a_failing_new_ends_failed_in_the_sdk_poller() throws Exception {
        // The spec's example as it is but for where the jar is: its entry class is not in it.
        ObjectNode body = (ObjectNode) JSON.readTree(resource("run-cluster-job.json"));
        ObjectNode properties = (ObjectNode) body.path("properties");
        properties.put("action", "NEW");
        properties.put("jobJarDirectory", jars.toUri().toString());
        properties.put("jarName", "counter.jar");
        ((ObjectNode) properties.path("flinkConfiguration"))
                .put("savepoint.directory", work.resolve("storage/savepoints").toUri().toString());

        SyncPoller<PollResult<Object>, Object> poller = runJobPoller(body.toString());
        PollResponse<PollResult<Object>> last = poller.waitForCompletion(WAIT);

        // The poller ends FAILED with the operation's error, read from Azure-AsyncOperation.
        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        PollResult.Error error = last.getValue().getError();
        assertThat(error).isNotNull();
        assertThat(error.getResponseBody())
                .contains("\"status\":\"Failed\"")
                .contains("ActionFailed")
                .contains("com.microsoft.hilo.flink.job.streaming.SleepJob");
    }

    @Test
    @Order(5)
    void generic_resources_delete_the_cluster_and_the_pool() {
        SyncPoller<PollResult<Void>, Void> deletion =
                resources.beginDeleteById(CLUSTER, API_VERSION);
        assertThat(deletion.waitForCompletion(WAIT).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThatThrownBy(() -> resources.getById(CLUSTER, API_VERSION))
                .isInstanceOf(ManagementException.class)
                .satisfies(
                        e ->
                                assertThat(((ManagementException) e).getResponse().getStatusCode())
                                        .isEqualTo(404));

        resources.beginDeleteById(POOL, API_VERSION).getFinalResult();
        assertThatThrownBy(() -> resources.getById(POOL, API_VERSION))
                .isInstanceOf(ManagementException.class);
    }

    // ---- runJob through azure-core-management's PollerFactory

    private ObjectNode job(String action) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(resource("run-cluster-job.json"));
        ObjectNode properties = (ObjectNode) body.path("properties");
        properties.put("jobName", "counter");
        properties.put("action", action);
        properties.put("jobJarDirectory", jars.toUri().toString());
        properties.put("jarName", "counter.jar");
        properties.put("entryClass", "dev.sluice.examples.counter.CounterJob");
        ((ObjectNode) properties.path("flinkConfiguration"))
                .put("savepoint.directory", work.resolve("storage/savepoints").toUri().toString())
                .put("execution.checkpointing.interval", "1s");
        return properties;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runJob(ObjectNode properties) {
        SyncPoller<PollResult<Object>, Object> poller =
                runJobPoller(JSON.createObjectNode().set("properties", properties).toString());
        PollResponse<PollResult<Object>> last = poller.waitForCompletion(WAIT);
        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        Map<String, Object> job = (Map<String, Object>) poller.getFinalResult();
        return (Map<String, Object>) job.get("properties");
    }

    private SyncPoller<PollResult<Object>, Object> runJobPoller(String body) {
        String url = base + CLUSTER + "/runJob?api-version=" + API_VERSION;
        Mono<Response<Flux<ByteBuffer>>> activation =
                Mono.defer(
                        () -> {
                            HttpRequest request =
                                    new HttpRequest(HttpMethod.POST, url)
                                            .setHeader(
                                                    com.azure.core.http.HttpHeaderName.CONTENT_TYPE,
                                                    "application/json")
                                            .setBody(body);
                            return pipeline.send(request)
                                    .map(
                                            response ->
                                                    new SimpleResponse<>(
                                                            request,
                                                            response.getStatusCode(),
                                                            response.getHeaders(),
                                                            response.getBody()));
                        });
        return PollerFactory.create(
                        serializer,
                        pipeline,
                        Object.class,
                        Object.class,
                        Duration.ofMillis(500),
                        activation,
                        Context.NONE)
                .getSyncPoller();
    }

    // ---- fixtures and tokens

    private GenericResourceInner fixture(String name) throws IOException {
        return inner(new String(resource(name), StandardCharsets.UTF_8));
    }

    private GenericResourceInner inner(String json) throws IOException {
        return serializer.deserialize(json, GenericResourceInner.class, SerializerEncoding.JSON);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AzureSdkITCase.class.getResourceAsStream("/arm/" + name)) {
            return in.readAllBytes();
        }
    }

    private JsonNode properties(GenericResourceInner resource) {
        return JSON.valueToTree(resource.properties());
    }

    /** Sluice's tokens for the Owner, from its token endpoint over HTTPS. */
    private TokenCredential sluiceTokens(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry(
                    "sluice",
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpClient http =
                java.net.http.HttpClient.newBuilder().sslContext(context).build();
        https = http;
        JsonNode owner = SluiceTestServer.ownerCredentials(work.resolve("data"));
        return request ->
                Mono.fromCallable(
                        () -> {
                            String form =
                                    "grant_type=client_credentials&client_id="
                                            + URLEncoder.encode(
                                                    owner.path("clientId").asString(),
                                                    StandardCharsets.UTF_8)
                                            + "&client_secret="
                                            + URLEncoder.encode(
                                                    owner.path("clientSecret").asString(),
                                                    StandardCharsets.UTF_8);
                            var answer =
                                    http.send(
                                            java.net.http.HttpRequest.newBuilder(
                                                            URI.create(
                                                                    owner.path("tokenUrl")
                                                                            .asString()))
                                                    .header(
                                                            "Content-Type",
                                                            "application/x-www-form-urlencoded")
                                                    .POST(
                                                            java.net.http.HttpRequest.BodyPublishers
                                                                    .ofString(form))
                                                    .build(),
                                            java.net.http.HttpResponse.BodyHandlers.ofString());
                            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                            JsonNode token = JSON.readTree(answer.body());
                            return new AccessToken(
                                    token.path("access_token").asString(),
                                    OffsetDateTime.now()
                                            .plusSeconds(token.path("expires_in").asLong()));
                        });
    }
}
