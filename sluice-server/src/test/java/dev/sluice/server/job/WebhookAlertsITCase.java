package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.testing.ArmClient.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook alerts against the shared real Flink 1.20 cluster and a loopback receiver: the end of an
 * action and a job's failure arrive signed with the job's secret, which no answer shows; a receiver
 * that fails first gets the event on a retry; an event outlives a server restart; a DELETE sends
 * job.deleted; a URL Sluice cannot post to is a 400; a cluster's webhook serves its jobs that name
 * none, and a GET → PUT round trip of the cluster keeps its secret.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookAlertsITCase {

    private static final String SECRET = "loopback-s3cret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request the receiver got. */
    record Received(
            String path, String event, String delivery, String signature, String body, int status) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyRefusals = new AtomicInteger(2);
    private final AtomicBoolean downUp = new AtomicBoolean(false);
    private HttpServer receiver;
    private JobApiFixture sluice;
    private Path work;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        this.work = work;
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/ok", exchange -> answer(exchange, 200));
        receiver.createContext("/cluster", exchange -> answer(exchange, 200));
        receiver.createContext(
                "/flaky",
                exchange -> answer(exchange, flakyRefusals.getAndDecrement() > 0 ? 500 : 204));
        receiver.createContext("/down", exchange -> answer(exchange, downUp.get() ? 200 : 503));
        receiver.start();
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    @Order(1)
    void theEndOfAnActionAndAFailureArriveSignedAndTheSecretIsNeverShown() throws IOException {
        Path marker = work.resolve("fail-marker");
        sluice.run(newJob("alerted", "/ok", SECRET, "--fail-marker " + marker));

        Received ended = awaitEvent("alerted", "action.ended");
        assertThat(ended.path()).isEqualTo("/ok");
        assertThat(ended.signature()).isEqualTo(sign(SECRET, ended.body()));
        JsonNode event = ended.json();
        assertThat(event.path("job").asString()).isEqualTo("alerted");
        assertThat(event.path("id").asString()).isEqualTo(ended.delivery());
        assertThat(event.path("data").path("action").asString()).isEqualTo("NEW");
        assertThat(event.path("data").path("actionResult").asString()).isEqualTo("SUCCESS");

        Files.writeString(marker, "fail");
        Received failed = awaitEvent("alerted", "job.failed");
        assertThat(failed.signature()).isEqualTo(sign(SECRET, failed.body()));
        assertThat(failed.json().path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.json().path("data").path("reason").asString()).isNotBlank();

        await(
                "the last delivery in the job's detail",
                WAIT,
                () ->
                        lastDelivery("alerted").path("eventId").asString().equals(failed.delivery())
                                && lastDelivery("alerted")
                                        .path("state")
                                        .asString()
                                        .equals("DELIVERED"));
        assertThat(lastDelivery("alerted").path("httpStatus").asInt()).isEqualTo(200);
        assertThat(lastDelivery("alerted").path("attempts").asInt()).isEqualTo(1);
        Answer detail = sluice.api().get(CLUSTER + "/jobs/alerted");
        Answer list = sluice.api().get(CLUSTER + "/jobs");
        assertThat(detail.raw()).contains("sluice.alerts.webhook.url").doesNotContain(SECRET);
        assertThat(list.raw()).contains("alerted").doesNotContain(SECRET);
    }

    @Test
    @Order(2)
    void aReceiverThatFailsFirstGetsTheEventOnARetry() {
        sluice.run(newJob("flaky", "/flaky", SECRET, ""));

        Received delivered = awaitEvent("flaky", "action.ended");
        List<Received> attempts =
                received.stream().filter(r -> r.delivery().equals(delivered.delivery())).toList();
        assertThat(attempts).extracting(Received::status).containsExactly(500, 500, 204);
        assertThat(attempts).allSatisfy(r -> assertThat(r.body()).isEqualTo(delivered.body()));
        assertThat(delivered.signature()).isEqualTo(sign(SECRET, delivered.body()));
        await(
                "delivered on the third attempt",
                WAIT,
                () -> lastDelivery("flaky").path("state").asString().equals("DELIVERED"));
        assertThat(lastDelivery("flaky").path("attempts").asInt()).isEqualTo(3);
        assertThat(lastDelivery("flaky").path("httpStatus").asInt()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void anEventOutlivesAServerRestartAndAnUnsignedOneHasNoSignatureAndADeleteIsAnEvent() {
        sluice.run(newJob("patient", "/down", null, ""));
        await(
                "a refused attempt recorded",
                WAIT,
                () -> lastDelivery("patient").path("httpStatus").asInt() == 503);
        assertThat(lastDelivery("patient").path("state").asString()).isEqualTo("PENDING");
        assertThat(lastDelivery("patient").path("error").asString()).contains("503");

        sluice.stopServer();
        downUp.set(true);
        sluice.startServer(c -> {});

        Received delivered = awaitEvent("patient", "action.ended");
        assertThat(delivered.path()).isEqualTo("/down");
        assertThat(delivered.signature()).isNull();
        await(
                "delivered after the restart",
                WAIT,
                () -> lastDelivery("patient").path("state").asString().equals("DELIVERED"));

        sluice.run(JobApiFixture.action("patient", "CANCEL", null));
        sluice.run(JobApiFixture.action("patient", "DELETE", null));
        Received deleted = awaitEvent("patient", "job.deleted");
        assertThat(deleted.json().path("data").path("operationId").asString()).isNotBlank();
    }

    @Test
    @Order(4)
    void aWebhookThatIsNotHttpIsA400() {
        for (String url :
                List.of("ftp://127.0.0.1/x", "file:///etc/passwd", "not a url", "http:/x")) {
            Answer refused =
                    sluice.api()
                            .post(
                                    CLUSTER + "/runJob",
                                    newJob("refused", null, null, "")
                                            .replace(
                                                    "\"parallelism\"",
                                                    "\"sluice.alerts.webhook.url\":"
                                                            + JSON.writeValueAsString(url)
                                                            + ",\"parallelism\""));
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
            assertThat(refused.body().path("error").path("code").asString())
                    .isEqualTo("InvalidWebhookUrl");
            assertThat(refused.body().path("error").path("target").asString())
                    .isEqualTo("properties.flinkConfiguration.sluice.alerts.webhook.url");
        }
    }

    @Test
    @Order(5)
    void aClustersWebhookServesItsJobsWithoutOneAndAGetPutRoundTripKeepsItsSecret() {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cluster";
        Answer bad =
                sluice.api()
                        .put(CLUSTER, clusterWith("\"sluice.alerts.webhook.url\":\"ftp://x/y\""));
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.body().path("error").path("target").asString())
                .isEqualTo(
                        "properties.clusterProfile.flinkProfile.flinkConfiguration"
                                + ".sluice.alerts.webhook.url");
        Answer put =
                sluice.api()
                        .put(
                                CLUSTER,
                                clusterWith(
                                        "\"sluice.alerts.webhook.url\":\""
                                                + hook
                                                + "\",\"sluice.alerts.webhook.secret\":\"cluster-"
                                                + SECRET
                                                + "\""));
        assertThat(put.status()).as(put.raw()).isIn(200, 201);
        Answer cluster = sluice.api().get(CLUSTER);
        assertThat(cluster.raw()).contains(hook).doesNotContain(SECRET);

        sluice.run(newJob("plain", null, null, ""));
        Received ended = awaitEvent("plain", "action.ended");
        assertThat(ended.path()).isEqualTo("/cluster");
        assertThat(ended.signature()).isEqualTo(sign("cluster-" + SECRET, ended.body()));
        assertThat(sluice.job("plain").path("policies").path("alerts").asString())
                .isEqualTo(hook + " (signed), the cluster's webhook");
        assertThat(sluice.api().get(CLUSTER + "/jobs/plain").raw()).doesNotContain(SECRET);
        assertThat(sluice.api().get(CLUSTER + "/serviceConfigs").raw()).doesNotContain(SECRET);

        // What Terraform and generated SDKs do: GET, change nothing, PUT it back.
        Answer roundTrip = sluice.api().put(CLUSTER, cluster.raw());
        assertThat(roundTrip.status()).as(roundTrip.raw()).isIn(200, 201);
        received.clear();
        sluice.run(JobApiFixture.action("plain", "SAVEPOINT", null));
        Received again = awaitEvent("plain", "action.ended");
        assertThat(again.signature()).isEqualTo(sign("cluster-" + SECRET, again.body()));
    }

    private String clusterWith(String keys) {
        return """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s",
                  "flinkConfiguration":{%s}}}}}
                """
                .formatted(
                        work.resolve("storage").toUri(),
                        sluice.api()
                                .get(CLUSTER)
                                .body()
                                .path("properties")
                                .path("clusterProfile")
                                .path("flinkProfile")
                                .path("restUrl")
                                .asString(),
                        keys);
    }

    private String newJob(String name, String path, String secret, String extraArgs) {
        String alerts =
                (path == null
                                ? ""
                                : "\"sluice.alerts.webhook.url\":\"http://127.0.0.1:"
                                        + receiver.getAddress().getPort()
                                        + path
                                        + "\",")
                        + (secret == null
                                ? ""
                                : "\"sluice.alerts.webhook.secret\":\"" + secret + "\",");
        return """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s %s","flinkConfiguration":{%s"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s"}}}
                """
                .formatted(
                        name,
                        sluice.jars().toUri(),
                        args(work.resolve("out-" + name)),
                        extraArgs,
                        alerts);
    }

    private Received awaitEvent(String job, String type) {
        Received[] found = new Received[1];
        await(
                type + " of " + job,
                WAIT,
                () -> {
                    for (Received r : received) {
                        JsonNode json = r.json();
                        if (json.path("job").asString().equals(job)
                                && json.path("type").asString().equals(type)
                                && r.event().equals(type)
                                && r.status() / 100 == 2) {
                            found[0] = r;
                        }
                    }
                    return found[0] != null;
                });
        return found[0];
    }

    private JsonNode lastDelivery(String job) {
        return sluice.job(job).path("alerts").path("lastDelivery");
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(
                new Received(
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-Sluice-Event"),
                        exchange.getRequestHeaders().getFirst("X-Sluice-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-Sluice-Signature"),
                        body,
                        status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** The receiver's side of the signature, computed here rather than with Sluice's class. */
    private static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256="
                    + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
