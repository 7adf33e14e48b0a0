package dev.sluice.server.flink;

import static dev.sluice.server.flink.FlinkIds.JAR;
import static dev.sluice.server.flink.FlinkIds.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * How RestFlinkClient classifies what goes wrong: permanent refusals, not-founds, conflicts,
 * transient failures.
 */
class RestFlinkClientErrorsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeFlinkServer flink;
    private RestFlinkClient client;

    @BeforeEach
    void startFakeFlink() {
        flink = FakeFlinkServer.start();
        client = new RestFlinkClient(flink.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopFakeFlink() {
        flink.close();
    }

    @Test
    void unknownJobIsAPermanentNotFound() {
        flink.answer("GET", "/v1/jobs/" + JOB, 404, FlinkFixtures.ERROR_404_JOB);
        assertThatThrownBy(() -> client.jobDetail(JOB))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(404);
                            assertThat(e.isNotFound()).isTrue();
                            assertThat(e.getMessage())
                                    .contains("Job 0000000000000000000000000000dead not found")
                                    .doesNotContain("\tat ");
                            assertThat(e.fullText()).contains("\tat ");
                        });
    }

    @Test
    void failedSubmissionIsPermanentWithFlinksReason() {
        flink.answer(
                "POST", "/v1/jars/" + JAR + "/run", 500, FlinkFixtures.ERROR_500_BAD_ENTRY_CLASS);
        assertThatThrownBy(
                        () ->
                                client.runJar(
                                        JAR,
                                        JarRunRequest.builder().entryClass("demo.Nope").build()))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(500);
                            assertThat(e.isNotFound()).isFalse();
                            assertThat(e.getMessage())
                                    .contains(
                                            "The program's entry point class 'demo.Nope' was not found in the jar file.")
                                    .contains("java.lang.ClassNotFoundException: demo.Nope")
                                    .doesNotContain("Internal server error");
                            assertThat(e.messages()).hasSize(2);
                        });

        flink.answer(
                "POST", "/v1/jars/" + JAR + "/run", 400, FlinkFixtures.ERROR_400_DUPLICATE_JOB);
        assertThatThrownBy(() -> client.runJar(JAR, JarRunRequest.builder().jobId(JOB).build()))
                .isInstanceOf(FlinkRequestException.class)
                .hasMessageContaining(
                        "DuplicateJobSubmissionException: Job has already been submitted.");
    }

    @Test
    void unknownJarIsNotFoundAlthoughFlinkDoesNotSay404() {
        flink.answer(
                "DELETE", "/v1/jars/nope.jar", 400, FlinkFixtures.ERROR_400_JAR_DELETE_MISSING);
        assertThatThrownBy(() -> client.deleteJar("nope.jar"))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.isNotFound()).isTrue();
                        });

        flink.answer("POST", "/v1/jars/nope.jar/run", 500, FlinkFixtures.ERROR_500_JAR_RUN_MISSING);
        assertThatThrownBy(() -> client.runJar("nope.jar", JarRunRequest.builder().build()))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class, e -> assertThat(e.isNotFound()).isTrue());
    }

    @Test
    void cancellingAFinishedJobIsAConflictNotANotFound() {
        flink.answer(
                "PATCH",
                "/v1/jobs/" + JOB + "?mode=cancel",
                409,
                FlinkFixtures.ERROR_409_CANCEL_FINISHED);
        assertThatThrownBy(() -> client.cancelJob(JOB))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.isNotFound()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("already reached another terminal state (FINISHED)");
                        });
    }

    @Test
    void gatewayErrorsAndBarePagesAreTransient() {
        flink.answer("GET", "/v1/overview", 503, FlinkFixtures.ERROR_503_LEADER_ELECTION);
        assertThatThrownBy(() -> client.overview())
                .isInstanceOfSatisfying(
                        FlinkUnavailableException.class,
                        e -> {
                            assertThat(e.status()).hasValue(503);
                            assertThat(e.getMessage()).contains("ongoing leader election");
                        });

        flink.answerRaw("GET", "/v1/overview", 502, "text/html", "<html>Bad Gateway</html>");
        assertThatThrownBy(() -> client.overview())
                .isInstanceOfSatisfying(
                        FlinkUnavailableException.class, e -> assertThat(e.status()).hasValue(502));

        flink.answerRaw("GET", "/v1/overview", 500, "text/plain", "");
        assertThatThrownBy(() -> client.overview()).isInstanceOf(FlinkUnavailableException.class);
    }

    @Test
    void refusedConnectionIsTransient() throws IOException {
        int port;
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RestFlinkClient nobody = new RestFlinkClient(URI.create("http://127.0.0.1:" + port));
        assertThatThrownBy(nobody::overview)
                .isInstanceOfSatisfying(
                        FlinkUnavailableException.class,
                        e -> {
                            assertThat(e.status()).isEmpty();
                            assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
                        });
    }

    @Test
    void slowAnswerTimesOutAsTransient() {
        flink.answerSlowly(
                "GET", "/v1/overview", Duration.ofSeconds(5), FlinkFixtures.OVERVIEW_2_3);
        RestFlinkClient impatient =
                new RestFlinkClient(flink.baseUrl(), Duration.ofSeconds(1), Duration.ofMillis(300));
        assertThatThrownBy(impatient::overview)
                .isInstanceOf(FlinkUnavailableException.class)
                .hasMessageContaining("in time");
    }

    @Test
    void interruptionIsTransientAndKeepsTheInterruptFlag() {
        // Slow, so that the interrupt is noticed while waiting rather than after the answer.
        flink.answerSlowly(
                "GET", "/v1/overview", Duration.ofSeconds(2), FlinkFixtures.OVERVIEW_2_3);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.overview())
                    .isInstanceOf(FlinkUnavailableException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void unreadableSuccessIsPermanent() {
        flink.answer("GET", "/v1/overview", 200, "<html>not flink</html>");
        assertThatThrownBy(() -> client.overview()).isInstanceOf(FlinkRequestException.class);
    }
}
