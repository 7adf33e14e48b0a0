package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.SavepointOperationStatus;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans resumed after a server died at a recorded step continue instead of repeating it. */
class ResumedPlansTest {

    private static final String FLINK_JOB = EngineFixture.FLINK_JOB;

    @TempDir Path root;

    private final EngineFixture fixture = new EngineFixture();
    private final ActionPlans plans = new ActionPlans(fixture.calls, fixture.history);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void stopTakesOneSavepointAndRecordsTriggerThenPath() {
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.RUNNING);
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        JobAction stop = fixture.action(job, JobActionType.STOP, ActionProgress.NONE);

        Outcome outcome = plans.of(JobActionType.STOP).run(fixture.start(stop, root));

        String path = root.resolve("sp") + "/sp-1";
        assertThat(outcome)
                .isEqualTo(new Outcome(JobStatus.STOPPED, "Savepoint completed. Path: " + path));
        assertThat(fixture.recordedSteps)
                .containsExactly("stop-triggering", "stopped-with-savepoint");
        assertThat(fixture.flink.calls)
                .containsExactly(
                        "stopWithSavepoint " + FLINK_JOB,
                        "savepointStatus " + FLINK_JOB,
                        "jobsOverview");
        assertThat(fixture.actions.find(stop.id()).orElseThrow().progress().savepointPath())
                .isEqualTo(path);
        assertThat(fixture.jobs.findById(job.id()).orElseThrow().restorePoints().savepoint())
                .isEqualTo(path);
    }

    @Test
    void resumedStopWithARecordedSavepointDoesNotTakeASecondOne() {
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.FINISHED);
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        String taken = root.resolve("sp") + "/savepoint-taken-before";
        JobAction stop =
                fixture.action(
                        job,
                        JobActionType.STOP,
                        new ActionProgress("stopped-with-savepoint", null, "t1", taken));

        Outcome outcome = plans.of(JobActionType.STOP).run(fixture.start(stop, root));

        assertThat(outcome.output()).isEqualTo("Savepoint completed. Path: " + taken);
        assertThat(fixture.flink.calls).containsExactly("jobsOverview");
        assertThat(fixture.recordedSteps).isEmpty();
    }

    @Test
    void resumedStopWhoseTriggerFlinkKnowsDoesNotStopAgain() {
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.FINISHED);
        String path = root.resolve("sp") + "/sp-7";
        fixture.flink.triggers.put("t1", SavepointOperationStatus.succeeded(path));
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        JobAction stop =
                fixture.action(
                        job,
                        JobActionType.STOP,
                        new ActionProgress("stop-triggering", null, "t1", null));

        Outcome outcome = plans.of(JobActionType.STOP).run(fixture.start(stop, root));

        assertThat(outcome.output()).isEqualTo("Savepoint completed. Path: " + path);
        assertThat(fixture.flink.calls).doesNotContain("stopWithSavepoint " + FLINK_JOB);
        assertThat(fixture.recordedSteps).containsExactly("stopped-with-savepoint");
    }

    @Test
    void resumedNewWhoseRunFlinkAlreadyKnowsIsNotSubmittedAgain() {
        String chosen = "fedcba9876543210fedcba9876543210";
        fixture.flink.jobs.put(chosen, FlinkJobState.RUNNING);
        Job job = fixture.job(JobStatus.NOT_STARTED, root.resolve("sp"));
        JobAction created =
                fixture.action(
                        job,
                        JobActionType.NEW,
                        new ActionProgress("submitting", chosen, null, null));

        Outcome outcome = plans.of(JobActionType.NEW).run(fixture.start(created, root));

        assertThat(outcome)
                .isEqualTo(new Outcome(JobStatus.RUNNING, "Job submitted; Flink job id " + chosen));
        assertThat(fixture.recordedSteps).containsExactly("submitted", "running");
        Job running = fixture.jobs.findById(job.id()).orElseThrow();
        assertThat(running.run().flinkJobId()).isEqualTo(chosen);
        // RUNNING is written when the engine ends the action, in the same transaction.
        assertThat(running.run().status()).isEqualTo(JobStatus.INITIALIZING);
    }

    @Test
    void cancelRecordsItAfterTheJobEnded() {
        fixture.flink.jobs.put(FLINK_JOB, FlinkJobState.RUNNING);
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        JobAction cancel = fixture.action(job, JobActionType.CANCEL, ActionProgress.NONE);

        Outcome outcome = plans.of(JobActionType.CANCEL).run(fixture.start(cancel, root));

        assertThat(outcome).isEqualTo(new Outcome(JobStatus.CANCELLED, "Job cancelled"));
        assertThat(fixture.flink.calls)
                .containsExactly("jobsOverview", "cancelJob " + FLINK_JOB, "jobsOverview");
        assertThat(fixture.recordedSteps).containsExactly("cancelled");
    }
}
