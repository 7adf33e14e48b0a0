package dev.sluice.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ApiException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRulesTest {

    private static Job job(JobStatus status, String activeAction) {
        return new Job(
                1,
                "c",
                "job",
                new JobSpec("file:///j", "a.jar", "Main", null, Map.of()),
                new JobRun("r", "f", status, null),
                new LastAction(JobActionType.NEW, ActionResult.SUCCESS, null, activeAction),
                RestorePoints.NONE,
                Instant.now(),
                Instant.now());
    }

    @Test
    void aLostRunMayBeRelaunchedWhileItIsTheJobsLiveRunAndNoActionRuns() {
        for (JobStatus status : JobStatus.values()) {
            if (status.isLive()) {
                JobRules.checkLostRun(job(status, null), "f");
            } else {
                assertThatThrownBy(() -> JobRules.checkLostRun(job(status, null), "f"))
                        .as(status.name())
                        .isInstanceOfSatisfying(
                                ApiException.class,
                                e -> assertThat(e.code()).isEqualTo("ActionNotAllowed"));
            }
        }
        assertThatThrownBy(() -> JobRules.checkLostRun(job(JobStatus.RUNNING, null), "other"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("ActionNotAllowed"));
        assertThatThrownBy(() -> JobRules.checkLostRun(job(JobStatus.UNKNOWN, "a1"), "f"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("ActionInProgress"));
    }

    @Test
    void theTableOfDesignSection5() {
        assertThat(JobRules.allowed(JobStatus.RUNNING))
                .containsExactlyInAnyOrder(
                        JobActionType.STOP,
                        JobActionType.UPDATE,
                        JobActionType.STATELESS_UPDATE,
                        JobActionType.SAVEPOINT,
                        JobActionType.LIST_SAVEPOINT,
                        JobActionType.CANCEL,
                        JobActionType.LAST_STATE_UPDATE);
        assertThat(JobRules.allowed(JobStatus.STOPPED))
                .contains(JobActionType.START, JobActionType.UPDATE, JobActionType.DELETE)
                .doesNotContain(JobActionType.STOP, JobActionType.SAVEPOINT);
        assertThat(JobRules.allowed(JobStatus.FAILED))
                .contains(
                        JobActionType.RE_LAUNCH,
                        JobActionType.LAST_STATE_UPDATE,
                        JobActionType.START);
        assertThat(JobRules.allowed(JobStatus.CANCELLED))
                .containsExactlyInAnyOrder(JobActionType.LIST_SAVEPOINT, JobActionType.DELETE);
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobRules.allowed(status))
                    .as(status.name())
                    .contains(JobActionType.LIST_SAVEPOINT);
            if (status.isLive()) {
                assertThat(JobRules.allowed(status))
                        .as(status.name())
                        .doesNotContain(JobActionType.DELETE);
            }
        }
    }

    @Test
    void aForbiddenActionNamesTheStatusAndWhatIsAllowed() {
        assertThatThrownBy(() -> JobRules.check(job(JobStatus.STOPPED, null), JobActionType.STOP))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.code()).isEqualTo("ActionNotAllowed");
                            assertThat(e.getMessage())
                                    .contains("STOPPED")
                                    .contains("START")
                                    .contains("DELETE");
                        });
    }

    @Test
    void anActionInProgressBlocksEveryOther() {
        assertThatThrownBy(
                        () ->
                                JobRules.check(
                                        job(JobStatus.RUNNING, "abc"),
                                        JobActionType.LIST_SAVEPOINT))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("ActionInProgress");
                            assertThat(e.getMessage()).contains("abc");
                        });
        JobRules.check(job(JobStatus.RUNNING, null), JobActionType.STOP);
    }

    @Test
    void aFinishedJobStartsFromASavepointNamedOrRecorded() {
        Job finished = job(JobStatus.FINISHED, null);
        assertThat(JobRules.allowed(JobStatus.FINISHED))
                .containsExactlyInAnyOrder(
                        JobActionType.START,
                        JobActionType.STATELESS_UPDATE,
                        JobActionType.LIST_SAVEPOINT,
                        JobActionType.DELETE);
        JobRules.check(finished, JobActionType.START);

        JobRules.requireRestorePoint(finished, JobActionType.START, true);
        JobRules.requireRestorePoint(
                finished.withLastSavepoint("file:/s/savepoint-1"), JobActionType.START, false);
        assertThatThrownBy(() -> JobRules.requireRestorePoint(finished, JobActionType.START, false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.code()).isEqualTo("ActionNotAllowed");
                            assertThat(e.getMessage())
                                    .contains("FINISHED")
                                    .contains("savePointName")
                                    .contains("STATELESS_UPDATE to start it fresh");
                        });
    }

    @Test
    void onlyStartOfAFinishedJobNeedsARestorePointHere() {
        // STOPPED and FAILED without a savepoint are refused later, as 400 SavepointNotFound.
        JobRules.requireRestorePoint(job(JobStatus.STOPPED, null), JobActionType.START, false);
        JobRules.requireRestorePoint(job(JobStatus.FAILED, null), JobActionType.START, false);
        JobRules.requireRestorePoint(
                job(JobStatus.FINISHED, null), JobActionType.STATELESS_UPDATE, false);
        JobRules.requireRestorePoint(job(JobStatus.FINISHED, null), JobActionType.DELETE, false);
    }

    @Test
    void flinkStatesMapToSluiceStatuses() {
        assertThat(JobStatus.fromFlink(dev.sluice.server.flink.FlinkJobState.CANCELED))
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(JobStatus.fromFlink(dev.sluice.server.flink.FlinkJobState.FAILING))
                .isEqualTo(JobStatus.RESTARTING);
        assertThat(JobStatus.fromFlink(dev.sluice.server.flink.FlinkJobState.SUSPENDED))
                .isEqualTo(JobStatus.UNKNOWN);
    }
}
