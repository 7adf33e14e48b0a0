package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.client.FakeSluice.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    private static final ClusterRef CLUSTER = new ClusterRef("sub1", "rg1", "pool1", "flink1");
    private static final String PATH =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1/clusters/flink1";

    private FakeSluice fake;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSluice();
        client = SluiceClient.builder(fake.uri()).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void anArmErrorKeepsStatusCodeMessageTargetAndDetails() {
        fake.on(
                "POST",
                PATH + "/runJob",
                request ->
                        Reply.json(
                                409,
                                """
                                {"error":{"code":"ActionNotAllowed","message":"Action START is not allowed while job 'counter' is RUNNING",
                                 "target":"properties.action","details":[{"code":"Inner","message":"more"}]}}
                                """));

        assertThatThrownBy(
                        () ->
                                client.jobs()
                                        .beginRun(
                                                CLUSTER,
                                                JobRequest.of(JobActionType.START, "counter")))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.code()).isEqualTo("ActionNotAllowed");
                            assertThat(e.errorMessage())
                                    .isEqualTo(
                                            "Action START is not allowed while job 'counter' is RUNNING");
                            assertThat(e.target()).isEqualTo("properties.action");
                            assertThat(e.details())
                                    .singleElement()
                                    .extracting("code")
                                    .isEqualTo("Inner");
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "ActionNotAllowed: Action START is not allowed while"
                                                    + " job 'counter' is RUNNING (HTTP 409)");
                        });
    }

    @Test
    void aNotFoundIsTyped() {
        fake.on(
                "GET",
                PATH + "/jobs/nope",
                request ->
                        Reply.json(
                                404,
                                "{\"error\":{\"code\":\"JobNotFound\",\"message\":\"No job named 'nope'\"}}"));

        assertThatThrownBy(() -> client.jobs().get(CLUSTER, "nope"))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(404);
                            assertThat(e.code()).isEqualTo("JobNotFound");
                        });
    }

    @Test
    void aProxyPageBecomesTheStatusAndItsText() {
        fake.on(
                "GET",
                PATH,
                request -> new Reply(502, java.util.Map.of(), "<html>Bad Gateway</html>"));

        assertThatThrownBy(() -> client.clusters().get(CLUSTER))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(502);
                            assertThat(e.code()).isEqualTo("Http502");
                            assertThat(e.errorMessage()).isEqualTo("<html>Bad Gateway</html>");
                        });
    }

    @Test
    void aBareUnauthorizedSaysWhyFromItsChallenge() {
        fake.on(
                "GET",
                PATH,
                request ->
                        Reply.empty(401)
                                .header(
                                        "WWW-Authenticate",
                                        "Bearer error=\"invalid_token\", error_description=\"The token expired\""));

        assertThatThrownBy(() -> client.clusters().get(CLUSTER))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.code()).isEqualTo("AuthenticationFailed");
                            assertThat(e.errorMessage()).isEqualTo("The token expired");
                        });
    }

    @Test
    void anUnreachableServerIsAClientExceptionNamingIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SluiceClient nowhere = SluiceClient.builder(URI.create("http://127.0.0.1:" + port)).build();

        assertThatThrownBy(() -> nowhere.pools().get(CLUSTER.poolRef()))
                .isExactlyInstanceOf(SluiceClientException.class)
                .hasMessageContaining("Cannot reach Sluice at http://127.0.0.1:" + port);
    }

    @Test
    void anAnswerOfTheWrongShapeIsAClientException() {
        fake.on("GET", PATH, request -> Reply.json(200, "[1,2]"));

        assertThatThrownBy(() -> client.clusters().get(CLUSTER))
                .isExactlyInstanceOf(SluiceClientException.class)
                .hasMessageContaining("Expected Cluster");
    }
}
