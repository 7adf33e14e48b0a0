package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.UpdateRollback;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UPDATE's rollback with a fake Flink: a new version that fails, never runs or fails while
 * watched is replaced by the previous jar and arguments from the UPDATE's savepoint, step by
 * recorded step; a resumed rollback goes on from its last step.
 */
class UpdateRollbackTest {

    private static final String FLINK_JOB = EngineFixture.FLINK_JOB;
    private static final Map<String, String> ROLLBACK =
            Map.of(
                    UpdateRollback.ENABLED,
                    "true",
                    UpdateRollback.TIMEOUT,
                    "1s",
                    "sluice.alerts.webhook.url",
                    "http://127.0.0.1:9/hook");

    @TempDir Path root;

    private final EngineFixture fixture = new EngineFixture();
    private final ActionPlans plans = new ActionPlans(fixture.calls, fixture.history);

    @BeforeEach
    void flinkRunsJars() throws IOException {
        // "--fail" makes a run fail at once, "--slow" never get all its tasks running.
        fixture.flink.runs =
                request ->
                        request.programArgs().contains("--fail")
                                ? FlinkJobState.FAILED
                                : request.programArgs().contains("--slow")
                                        ? FlinkJobState.INITIALIZING
                                        : FlinkJobState.RUNNING;
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.RUNNING);
        jar(root.resolve("jars/job.jar"), "v2");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aNewVersionThatFailsIsRolledBackToTheKeptJarFromTheUpdatesSavepoint() throws IOException {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        JobAction update = update(job, "--fail", ActionProgress.NONE);
        ActionRun run = fixture.start(update, root);
        jar(Path.of(KeptJars.of(run, FLINK_JOB).path()), "v1");

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(run))
                .isInstanceOf(ActionFailure.class)
                .hasMessageContaining("The new version failed: The job FAILED instead of running")
                .hasMessageContaining("rolled back: the previous version runs again from savepoint")
                .hasMessageContaining(root.resolve("sp") + "/sp-1");

        assertThat(fixture.recordedSteps)
                .containsExactly(
                        "previous-kept",
                        "stop-triggering",
                        "stopped-with-savepoint",
                        "submitting",
                        "submitted",
                        "rollback-started",
                        "rollback-cancelled",
                        "rollback-submitting",
                        "rollback-submitted",
                        "rolled-back");
        // The new version's jar first, then the previous one as it was kept, not as storage has it.
        assertThat(fixture.flink.uploaded).containsExactly("v2", "v1");
        Job after = fixture.jobs.findById(job.id()).orElseThrow();
        assertThat(after.spec().args()).isEqualTo("--keep");
        String rollbackRun =
                fixture.actions.find(update.id()).orElseThrow().progress().flinkJobId();
        assertThat(after.run().flinkJobId()).isEqualTo(rollbackRun);
        assertThat(running()).containsExactly(rollbackRun);
        assertThat(alerts("job.rolled-back")).isEqualTo(1);
    }

    @Test
    void aNewVersionThatDoesNotRunWithinTheTimeoutIsCancelledAndRolledBack() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        JobAction update = update(job, "--slow", ActionProgress.NONE);

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(fixture.start(update, root)))
                .hasMessageContaining("Timed out after 1 s waiting for the job to run")
                .hasMessageContaining("rolled back: the previous version runs again");

        String failed = firstRunOf(update);
        assertThat(fixture.flink.calls).contains("cancelJob " + failed);
        assertThat(fixture.flink.jobs).containsEntry(failed, FlinkJobState.CANCELED);
        assertThat(running()).hasSize(1);
        // No jar was kept for the first run: the jar in storage under the previous spec.
        assertThat(fixture.flink.uploaded).containsExactly("v2", "v2");
    }

    @Test
    void aNewVersionThatRunsForTheTimeoutEndsTheUpdate() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        JobAction update = update(job, "--fine", ActionProgress.NONE);

        Outcome outcome = plans.of(JobActionType.UPDATE).run(fixture.start(update, root));

        assertThat(outcome.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.recordedSteps).doesNotContain("rollback-started");
        assertThat(fixture.jobs.findById(job.id()).orElseThrow().spec().args()).isEqualTo("--fine");
    }

    @Test
    void withoutTheKeyAFailedNewVersionFailsTheUpdateAsBefore() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        JobAction update = update(job, "--fail", ActionProgress.NONE);

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(fixture.start(update, root)))
                .hasMessageStartingWith("The job FAILED instead of running")
                .hasMessageNotContaining("rolled back");
        assertThat(fixture.recordedSteps)
                .containsExactly(
                        "stop-triggering", "stopped-with-savepoint", "submitting", "submitted");
        assertThat(fixture.actions.find(update.id()).orElseThrow().progress().rollback()).isEmpty();
    }

    @Test
    void aRollbackResumedAfterItsSubmissionDoesNotSubmitAgain() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        String previousRun = "fedcba9876543210fedcba9876543210";
        fixture.flink.jobs.put(previousRun, FlinkJobState.RUNNING);
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.FAILED);
        JobAction update =
                update(
                        job,
                        "--fail",
                        new ActionProgress(
                                "rollback-submitting",
                                previousRun,
                                null,
                                root.resolve("sp") + "/sp-0",
                                Map.of(
                                        Rollback.JAR_DIRECTORY, "jars",
                                        Rollback.JAR_NAME, "job.jar",
                                        Rollback.ENTRY_CLASS, "example.Main",
                                        Rollback.ARGS, "--keep",
                                        Rollback.REASON, "it failed")));

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(fixture.start(update, root)))
                .hasMessage(
                        "The new version failed: it failed; rolled back: the previous version"
                                + " runs again from savepoint "
                                + root.resolve("sp")
                                + "/sp-0; Flink job id "
                                + previousRun);
        assertThat(fixture.flink.calls).noneMatch(c -> c.startsWith("runJar"));
        assertThat(fixture.recordedSteps).containsExactly("rollback-submitted", "rolled-back");
        assertThat(fixture.jobs.findById(job.id()).orElseThrow().run().flinkJobId())
                .isEqualTo(previousRun);
    }

    @Test
    void aRollbackResumedBeforeItCancelledCancelsTheNewVersionFirst() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        String newRun = "fedcba9876543210fedcba9876543210";
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.FINISHED);
        fixture.flink.jobs.put(newRun, FlinkJobState.RESTARTING);
        JobAction update =
                update(
                        job,
                        "--fail",
                        new ActionProgress(
                                "rollback-started",
                                newRun,
                                null,
                                root.resolve("sp") + "/sp-0",
                                Map.of(
                                        Rollback.JAR_DIRECTORY, "jars",
                                        Rollback.JAR_NAME, "job.jar",
                                        Rollback.ARGS, "--keep",
                                        Rollback.REASON, "it restarted")));

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(fixture.start(update, root)))
                .hasMessageContaining("it restarted; rolled back");
        assertThat(fixture.flink.jobs).containsEntry(newRun, FlinkJobState.CANCELED);
        assertThat(fixture.flink.calls.indexOf("cancelJob " + newRun))
                .isLessThan(fixture.flink.calls.indexOf("uploadJar"));
        assertThat(running()).hasSize(1).doesNotContain(newRun, FLINK_JOB);
    }

    /** An UPDATE asked with {@code args}, of a job that ran with {@code --keep}. */
    private JobAction update(Job job, String args, ActionProgress progress) {
        fixture.jobs.update(job.id(), j -> j.withArgs("--keep"));
        return fixture.action(job, JobActionType.UPDATE, progress, Map.of("args", args));
    }

    private List<String> running() {
        return fixture.flink.jobs.entrySet().stream()
                .filter(e -> e.getValue() == FlinkJobState.RUNNING)
                .map(Map.Entry::getKey)
                .toList();
    }

    private String firstRunOf(JobAction update) {
        return fixture.flink.calls.stream()
                .filter(c -> c.startsWith("runJar "))
                .findFirst()
                .orElseThrow()
                .substring("runJar ".length());
    }

    private int alerts(String type) {
        return fixture.jdbc
                .sql("SELECT COUNT(*) FROM alert_events WHERE event_type = :type")
                .param("type", type)
                .query(Integer.class)
                .single();
    }

    /** A jar whose only entry names its version. */
    private static void jar(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
            jar.putNextEntry(new JarEntry(version));
            jar.write(version.getBytes());
            jar.closeEntry();
        }
    }

    @Test
    void anUnchangedJarIsUploadedOnceAndAgainWhenFlinkLostIt() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));

        plans.of(JobActionType.UPDATE)
                .run(fixture.start(update(job, "--fine", ActionProgress.NONE), root));
        fixture.flink.jobs.replaceAll((id, state) -> FlinkJobState.RUNNING);
        plans.of(JobActionType.UPDATE)
                .run(fixture.start(update(current(job), "--fine", ActionProgress.NONE), root));
        assertThat(fixture.flink.uploaded).containsExactly("v2");

        // Its JobManager started again: Flink holds no jar, the next run uploads it again.
        fixture.flink.stored.clear();
        fixture.flink.jobs.replaceAll((id, state) -> FlinkJobState.RUNNING);
        Outcome outcome =
                plans.of(JobActionType.UPDATE)
                        .run(
                                fixture.start(
                                        update(current(job), "--fine", ActionProgress.NONE), root));

        assertThat(outcome.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.flink.uploaded).containsExactly("v2", "v2");
    }

    private Job current(Job job) {
        return fixture.jobs.findById(job.id()).orElseThrow();
    }
}
