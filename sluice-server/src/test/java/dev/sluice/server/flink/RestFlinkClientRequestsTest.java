package dev.sluice.server.flink;

import static dev.sluice.server.flink.FlinkIds.JAR;
import static dev.sluice.server.flink.FlinkIds.JOB;
import static dev.sluice.server.flink.FlinkIds.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What RestFlinkClient sends to Flink's REST API: request bodies, methods, encoded ids, the jar
 * upload.
 */
class RestFlinkClientRequestsTest {

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
    void runSendsEveryFieldFlinkKnows() {
        flink.answer("POST", "/v1/jars/" + JAR + "/run", 200, FlinkFixtures.RUN_2_3);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("pipeline.object-reuse", "true");
        config.put("restart-strategy.type", "none");

        String jobId =
                client.runJar(
                        JAR,
                        JarRunRequest.builder()
                                .entryClass("dev.sluice.examples.counter.CounterJob")
                                .programArgs(List.of("--output", "/tmp/out dir"))
                                .parallelism(2)
                                .savepointPath("file:/tmp/sp/savepoint-000000-145d80ab0960")
                                .allowNonRestoredState(true)
                                .jobId(JOB)
                                .flinkConfiguration(config)
                                .claimMode(ClaimMode.NO_CLAIM)
                                .build());

        assertThat(jobId).isEqualTo(JOB);
        FakeFlinkServer.Recorded request = flink.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(json.readTree(request.body()))
                .isEqualTo(
                        json.readTree(
                                """
                                {"entryClass": "dev.sluice.examples.counter.CounterJob",
                                 "programArgsList": ["--output", "/tmp/out dir"],
                                 "parallelism": 2,
                                 "savepointPath": "file:/tmp/sp/savepoint-000000-145d80ab0960",
                                 "allowNonRestoredState": true,
                                 "jobId": "00000000000000000000000000000001",
                                 "flinkConfiguration": {"pipeline.object-reuse": "true",
                                                        "restart-strategy.type": "none"},
                                 "claimMode": "NO_CLAIM"}
                                """));
    }

    @Test
    void runLeavesUnsetFieldsToFlink() {
        flink.answer("POST", "/v1/jars/" + JAR + "/run", 200, FlinkFixtures.RUN_1_20);

        assertThat(client.runJar(JAR, JarRunRequest.builder().entryClass("demo.Job").build()))
                .isEqualTo(JOB);

        assertThat(json.readTree(flink.onlyRequest().body()))
                .isEqualTo(json.readTree("{\"entryClass\": \"demo.Job\"}"));
    }

    @Test
    void savepointTriggerSendsHyphenatedFieldsAndNeverCancels() {
        flink.answer("POST", "/v1/jobs/" + JOB + "/savepoints", 202, FlinkFixtures.TRIGGER);

        String trigger =
                client.triggerSavepoint(JOB, "file:///sp", TRIGGER, SavepointFormat.CANONICAL);

        assertThat(trigger).isEqualTo(TRIGGER);
        assertThat(json.readTree(flink.onlyRequest().body()))
                .isEqualTo(
                        json.readTree(
                                """
                                {"target-directory": "file:///sp", "cancel-job": false,
                                 "triggerId": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
                                 "formatType": "CANONICAL"}
                                """));
    }

    @Test
    void stopSendsCamelCaseTargetDirectoryAndDrain() {
        flink.answer("POST", "/v1/jobs/" + JOB + "/stop", 202, FlinkFixtures.TRIGGER);

        assertThat(client.stopWithSavepoint(JOB, "file:///sp", true, TRIGGER, null))
                .isEqualTo(TRIGGER);

        assertThat(json.readTree(flink.onlyRequest().body()))
                .isEqualTo(
                        json.readTree(
                                """
                                {"targetDirectory": "file:///sp", "drain": true,
                                 "triggerId": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"}
                                """));
    }

    @Test
    void triggerIdsMustBeFlinkIds() {
        assertThatThrownBy(() -> client.triggerSavepoint(JOB, "file:///sp", "nope", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(flink.requests()).isEmpty();
    }

    @Test
    void uploadSendsOneJarfilePartAndReturnsTheStoredFileName(@TempDir Path dir)
            throws IOException {
        flink.answer("POST", "/v1/jars/upload", 200, FlinkFixtures.UPLOAD);
        byte[] content = {'P', 'K', 3, 4, '\r', '\n', '-', '-', 0, (byte) 0xff};
        Path jar = Files.write(dir.resolve("counter-flink1-v1.jar"), content);

        assertThat(client.uploadJar(jar)).isEqualTo(JAR);

        FakeFlinkServer.Recorded request = flink.onlyRequest();
        assertThat(request.contentType()).startsWith("multipart/form-data; boundary=");
        String boundary = request.contentType().substring(request.contentType().indexOf('=') + 1);
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                        + " filename=\"counter-flink1-v1.jar\"\r\n"
                        + "Content-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] expected =
                concat(
                        head.getBytes(StandardCharsets.UTF_8),
                        content,
                        tail.getBytes(StandardCharsets.UTF_8));
        assertThat(request.body()).isEqualTo(expected);
    }

    @Test
    void uploadGivesFlinkAJarNameEvenWhenTheFileHasNone() {
        assertThat(MultipartJarBody.safeFilename("my job.zip")).isEqualTo("my_job.zip.jar");
        assertThat(MultipartJarBody.safeFilename("counter.jar")).isEqualTo("counter.jar");
        assertThat(MultipartJarBody.safeFilename("\"x\r\n.jar")).isEqualTo("_x__.jar");
    }

    @Test
    void disposesSavepointsThroughFlink() {
        flink.answer("POST", "/v1/savepoint-disposal", 200, FlinkFixtures.TRIGGER);
        assertThat(client.triggerSavepointDisposal("file:/sp/savepoint-1")).isEqualTo(TRIGGER);
        assertThat(json.readTree(flink.onlyRequest().body()))
                .isEqualTo(json.readTree("{\"savepoint-path\": \"file:/sp/savepoint-1\"}"));

        flink.answer(
                "GET", "/v1/savepoint-disposal/" + TRIGGER, 200, FlinkFixtures.DISPOSAL_COMPLETED);
        assertThat(client.savepointDisposalStatus(TRIGGER).isSucceeded()).isTrue();

        flink.answer(
                "GET", "/v1/savepoint-disposal/" + TRIGGER, 200, FlinkFixtures.DISPOSAL_FAILED);
        assertThat(client.savepointDisposalStatus(TRIGGER).failureMessage())
                .contains("Could not dispose savepoint file:/tmp/flinkv/sp-1.20.3/nope.")
                .contains("Cannot find checkpoint or savepoint file/directory");
    }

    @Test
    void cancelsWithPatchAndDeletesJars() {
        flink.answer("PATCH", "/v1/jobs/" + JOB + "?mode=cancel", 202, "{}");
        flink.answer("DELETE", "/v1/jars/" + JAR, 200, "{}");

        client.cancelJob(JOB);
        client.deleteJar(JAR);

        assertThat(flink.requests())
                .extracting(
                        r ->
                                r.method()
                                        + " "
                                        + r.path()
                                        + (r.query() == null ? "" : "?" + r.query()))
                .containsExactly(
                        "PATCH /v1/jobs/" + JOB + "?mode=cancel", "DELETE /v1/jars/" + JAR);
    }

    @Test
    void percentEncodesIdsSoTheyCannotReachAnotherEndpoint() {
        flink.answer("DELETE", "/v1/jars/a%20b%2F..%2Fjobs", 200, "{}");
        client.deleteJar("a b/../jobs");
        assertThat(flink.onlyRequest().path()).isEqualTo("/v1/jars/a%20b%2F..%2Fjobs");
        assertThatThrownBy(() -> client.deleteJar(".."))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
