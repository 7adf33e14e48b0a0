package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action's steps and job changes are written under its lease: once another server took the
 * action over, the old owner's recorder can write neither, and the new owner's can.
 */
class FencedRecordingTest {

    @TempDir Path root;

    private final EngineFixture fixture = new EngineFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRecorderThatLostItsLeaseWritesNothing() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"));
        JobAction update = fixture.action(job, JobActionType.UPDATE, ActionProgress.NONE);
        ActionRun stalled = fixture.start(update, root).record(Step.SAVEPOINT_TRIGGERING);
        fixture.leases.release(fixture.lease); // as if it expired while this server stalled
        Leases other =
                new Leases(
                        fixture.jdbc,
                        fixture.transactionManager,
                        Duration.ofMinutes(5),
                        "other",
                        Clock.systemUTC());
        Lease taken = other.claim("action:" + update.id()).orElseThrow();

        assertThatThrownBy(() -> stalled.record(Step.SUBMITTING))
                .isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> stalled.updateJob(j -> j.withStatus(JobStatus.FAILED, "late")))
                .isInstanceOf(StaleLeaseException.class);

        assertThat(fixture.actions.find(update.id()).orElseThrow().progress().step())
                .isEqualTo(Step.SAVEPOINT_TRIGGERING.stored());
        assertThat(fixture.jobs.findById(job.id()).orElseThrow().run().status())
                .isEqualTo(JobStatus.RUNNING);
        ActionRecorder owner =
                new ActionRecorder(
                        fixture.jobs,
                        fixture.actions,
                        a -> {},
                        other,
                        taken,
                        fixture.history,
                        fixture.alerts);
        ActionRun resumed = stalled.withAction(update);
        owner.record(resumed, update.withStep(Step.SUBMITTING.stored()));
        assertThat(fixture.actions.find(update.id()).orElseThrow().progress().step())
                .isEqualTo(Step.SUBMITTING.stored());
    }
}
