package dev.sluice.server.flink;

import static dev.sluice.server.flink.FlinkIds.JOB;
import static dev.sluice.server.flink.FlinkIds.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * How RestFlinkClient reads Flink 1.20 and 2.3 answers: overviews, job details, checkpoints,
 * failures, savepoints.
 */
class RestFlinkClientResponsesTest {

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
                                1795436119206L,
                                new JobOverview.Tasks(1, 1, 0)));
        assertThat(jobs.get(0).runs()).isTrue();
        assertThat(jobs.get(1).state()).isEqualTo(FlinkJobState.FAILED);
        assertThat(jobs.get(1).runs()).isFalse();
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
}
