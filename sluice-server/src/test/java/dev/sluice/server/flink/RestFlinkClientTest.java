package dev.sluice.server.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
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

class RestFlinkClientTest {

    private static final String JOB = "00000000000000000000000000000001";
    private static final String TRIGGER = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String JAR = "f2fef0a5-5808-4957-ba78-498f789564fd_demo-1.20.3.jar";

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
    void parsesClusterOverviewOfBothVersions() {
        flink.answer("GET", "/v1/overview", 200, FlinkFixtures.OVERVIEW_1_20);
        assertThat(client.overview())
                .isEqualTo(new ClusterOverview(1, 2, 1, 1, 0, 0, 0, "1.20.3", "01e3a6d"));

        flink.answer("GET", "/v1/overview", 200, FlinkFixtures.OVERVIEW_2_3);
        ClusterOverview overview = client.overview();
        assertThat(overview.flinkVersion()).isEqualTo("2.3.0");
        assertThat(overview.slotsAvailable()).isEqualTo(1);
        assertThat(overview.jobsRunning()).isEqualTo(1);
    }

    @Test
    void parsesJobsOverviewOfBothVersions() {
        flink.answer("GET", "/v1/jobs/overview", 200, FlinkFixtures.JOBS_OVERVIEW_2_3);
        List<JobOverview> jobs = client.jobsOverview();
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0))
                .isEqualTo(
                        new JobOverview(
                                JOB,
                                "demo-job",
                                FlinkJobState.RUNNING,
                                1795436118464L,
                                null,
                                4456,
                                1795436119206L));
        assertThat(jobs.get(1).state()).isEqualTo(FlinkJobState.FAILED);
        assertThat(jobs.get(1).endTime()).isNotNull();

        flink.answer("GET", "/v1/jobs/overview", 200, FlinkFixtures.JOBS_OVERVIEW_1_20);
        assertThat(client.jobsOverview())
                .extracting(JobOverview::state)
                .containsExactlyInAnyOrder(FlinkJobState.CANCELED, FlinkJobState.FAILED);
    }

    @Test
    void parsesJobDetailKeepingOnlyStatesTheJobEntered() {
        flink.answer("GET", "/v1/jobs/" + JOB, 200, FlinkFixtures.JOB_DETAIL_1_20_RUNNING);
        JobDetail running = client.jobDetail(JOB);
        assertThat(running.state()).isEqualTo(FlinkJobState.RUNNING);
        assertThat(running.endTime()).isNull();
        assertThat(running.stateTimestamps())
                .containsOnlyKeys("INITIALIZING", "CREATED", "RUNNING");
        assertThat(running.enteredAt(FlinkJobState.RUNNING)).contains(1795435942870L);
        assertThat(running.vertices())
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.parallelism()).isEqualTo(1);
                            assertThat(v.maxParallelism()).isEqualTo(128);
                            assertThat(v.status()).isEqualTo("RUNNING");
                        });

        flink.answer("GET", "/v1/jobs/" + JOB, 200, FlinkFixtures.JOB_DETAIL_2_3_FINISHED);
        JobDetail finished = client.jobDetail(JOB);
        assertThat(finished.state()).isEqualTo(FlinkJobState.FINISHED);
        assertThat(finished.state().isGloballyTerminal()).isTrue();
        assertThat(finished.endTime()).isEqualTo(1795436147260L);
        assertThat(finished.enteredAt(FlinkJobState.FINISHED)).contains(1795436147260L);
    }

    @Test
    void parsesCheckpointStatisticsWithAndWithoutLatestSections() {
        flink.answer("GET", "/v1/jobs/" + JOB + "/checkpoints", 200, FlinkFixtures.CHECKPOINTS_2_3);
        CheckpointStats stats = client.checkpointStats(JOB);
        assertThat(stats.counts()).isEqualTo(new CheckpointStats.Counts(0, 24, 0, 23, 1));
        assertThat(stats.completed())
                .hasValueSatisfying(
                        c -> {
                            assertThat(c.id()).isEqualTo(24);
                            assertThat(c.externalPath())
                                    .as("JobManager-memory checkpoint")
                                    .isNull();
                            assertThat(c.triggerTimestamp()).isEqualTo(1795436140207L);
                        });
        assertThat(stats.savepoint())
                .hasValueSatisfying(
                        s -> {
                            assertThat(s.savepoint()).isTrue();
                            assertThat(s.externalPath())
                                    .isEqualTo(
                                            "file:/tmp/flinkv/sp-2.3.0/savepoint-000000-3ec94bf6484e");
                        });
        assertThat(stats.failed())
                .hasValueSatisfying(
                        f ->
                                assertThat(f.failureMessage())
                                        .isEqualTo(
                                                "An Exception occurred while triggering the checkpoint. IO-problem detected."));
        assertThat(stats.restored()).isEmpty();

        flink.answer(
                "GET",
                "/v1/jobs/" + JOB + "/checkpoints",
                200,
                FlinkFixtures.CHECKPOINTS_1_20_RESTORED);
        CheckpointStats restored = client.checkpointStats(JOB);
        assertThat(restored.restored())
                .contains(
                        new CheckpointStats.Restored(
                                82,
                                "file:/tmp/flinkv/sp-1.20.3/savepoint-000000-145d80ab0960",
                                true,
                                1795436040888L));
        assertThat(restored.savepoint()).isEmpty();
        assertThat(restored.failed()).isEmpty();

        flink.answer(
                "GET",
                "/v1/jobs/" + JOB + "/checkpoints",
                200,
                FlinkFixtures.CHECKPOINTS_2_3_EMPTY);
        CheckpointStats empty = client.checkpointStats(JOB);
        assertThat(empty.counts().total()).isZero();
        assertThat(empty.completed()).isEmpty();
        assertThat(empty.savepoint()).isEmpty();
        assertThat(empty.failed()).isEmpty();
        assertThat(empty.restored()).isEmpty();
    }

    @Test
    void readsTheJobFailureFromFlink120RootException() {
        flink.answer(
                "GET",
                "/v1/jobs/" + JOB + "/exceptions",
                200,
                FlinkFixtures.EXCEPTIONS_1_20_FAILED);
        assertThatUserCodeFailure(client.jobFailure(JOB).orElseThrow(), 1795436052532L);
    }

    @Test
    void readsTheJobFailureFromFlink23ExceptionHistory() {
        flink.answer(
                "GET", "/v1/jobs/" + JOB + "/exceptions", 200, FlinkFixtures.EXCEPTIONS_2_3_FAILED);
        assertThatUserCodeFailure(client.jobFailure(JOB).orElseThrow(), 1795436160533L);
    }

    @Test
    void fallsBackToRootExceptionWhenThereIsNoHistory() {
        String onlyRoot =
                FlinkFixtures.EXCEPTIONS_1_20_FAILED.replaceFirst(
                        "(?s)\"exceptionHistory\": \\{.*", "\"exceptionHistory\": null}");
        flink.answer("GET", "/v1/jobs/" + JOB + "/exceptions", 200, onlyRoot);
        assertThatUserCodeFailure(client.jobFailure(JOB).orElseThrow(), 1795436052529L);
    }

    @Test
    void aJobWithoutFailuresHasNone() {
        flink.answer(
                "GET", "/v1/jobs/" + JOB + "/exceptions", 200, FlinkFixtures.EXCEPTIONS_1_20_NONE);
        assertThat(client.jobFailure(JOB)).isEmpty();
        flink.answer(
                "GET", "/v1/jobs/" + JOB + "/exceptions", 200, FlinkFixtures.EXCEPTIONS_2_3_NONE);
        assertThat(client.jobFailure(JOB)).isEmpty();
    }

    @Test
    void reportsSavepointProgressSuccessAndFailure() {
        String path = "/v1/jobs/" + JOB + "/savepoints/" + TRIGGER;
        flink.answer("GET", path, 200, FlinkFixtures.SAVEPOINT_IN_PROGRESS);
        assertThat(client.savepointStatus(JOB, TRIGGER))
                .isEqualTo(SavepointOperationStatus.inProgress());

        flink.answer("GET", path, 200, FlinkFixtures.SAVEPOINT_COMPLETED);
        SavepointOperationStatus done = client.savepointStatus(JOB, TRIGGER);
        assertThat(done.isSucceeded()).isTrue();
        assertThat(done.location())
                .isEqualTo("file:/tmp/flinkv/sp-1.20.3/savepoint-000000-6914f8efe0b8");

        flink.answer("GET", path, 200, FlinkFixtures.SAVEPOINT_FAILED);
        SavepointOperationStatus failed = client.savepointStatus(JOB, TRIGGER);
        assertThat(failed.isFailed()).isTrue();
        assertThat(failed.location()).isNull();
        assertThat(failed.failureMessage())
                .contains(
                        "CheckpointException: An Exception occurred while triggering the checkpoint")
                .contains(
                        "java.io.IOException: Failed to create savepoint directory at file:/proc/nope/x")
                .doesNotContain("\tat ");
        assertThat(failed.failureStackTrace()).contains("\tat ");
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

    private static void assertThatUserCodeFailure(JobFailure failure, long timestamp) {
        assertThat(failure.exceptionName()).isEqualTo("org.apache.flink.runtime.JobException");
        assertThat(failure.message())
                .isEqualTo(
                        "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy");
        assertThat(failure.rootCause()).isEqualTo("java.lang.IllegalStateException: boom at 51");
        assertThat(failure.stackTrace()).contains("\tat demo.Job$1.map(Job.java:16)");
        assertThat(failure.timestamp()).isEqualTo(timestamp);
        assertThat(failure.summary()).contains("Recovery is suppressed").contains("boom at 51");
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
