package dev.sluice.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.arm.ApiException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRulesTest {

    private static Job job(JobStatus status, String activeAction) {
        return new Job(
                1,
                "c",
                "job",
                "file:///j",
                "a.jar",
                "Main",
                null,
                Map.of(),
                "f",
                "r",
                status,
                null,
                ActionType.NEW,
                ActionResult.SUCCESS,
                null,
                null,
                null,
                activeAction,
                Instant.now(),
                Instant.now());
    }

    @Test
    void theTableOfDesignSection5() {
        assertThat(JobRules.allowed(JobStatus.RUNNING))
                .containsExactlyInAnyOrder(
                        ActionType.STOP,
                        ActionType.UPDATE,
                        ActionType.STATELESS_UPDATE,
                        ActionType.SAVEPOINT,
                        ActionType.LIST_SAVEPOINT,
                        ActionType.CANCEL,
                        ActionType.LAST_STATE_UPDATE);
        assertThat(JobRules.allowed(JobStatus.STOPPED))
                .contains(ActionType.START, ActionType.UPDATE, ActionType.DELETE)
                .doesNotContain(ActionType.STOP, ActionType.SAVEPOINT);
        assertThat(JobRules.allowed(JobStatus.FAILED))
                .contains(ActionType.RE_LAUNCH, ActionType.LAST_STATE_UPDATE, ActionType.START);
        assertThat(JobRules.allowed(JobStatus.CANCELLED))
                .containsExactlyInAnyOrder(ActionType.LIST_SAVEPOINT, ActionType.DELETE);
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobRules.allowed(status))
                    .as(status.name())
                    .contains(ActionType.LIST_SAVEPOINT);
            if (status.isLive()) {
                assertThat(JobRules.allowed(status))
                        .as(status.name())
                        .doesNotContain(ActionType.DELETE);
            }
        }
    }

    @Test
    void aForbiddenActionNamesTheStatusAndWhatIsAllowed() {
        assertThatThrownBy(() -> JobRules.check(job(JobStatus.STOPPED, null), ActionType.STOP))
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
                                        job(JobStatus.RUNNING, "abc"), ActionType.LIST_SAVEPOINT))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("ActionInProgress");
                            assertThat(e.getMessage()).contains("abc");
                        });
        JobRules.check(job(JobStatus.RUNNING, null), ActionType.STOP);
    }

    @Test
    void aFinishedJobStartsFromASavepointNamedOrRecorded() {
        Job finished = job(JobStatus.FINISHED, null);
        assertThat(JobRules.allowed(JobStatus.FINISHED))
                .containsExactlyInAnyOrder(
                        ActionType.START,
                        ActionType.STATELESS_UPDATE,
                        ActionType.LIST_SAVEPOINT,
                        ActionType.DELETE);
        JobRules.check(finished, ActionType.START);

        JobRules.requireRestorePoint(finished, ActionType.START, true);
        JobRules.requireRestorePoint(
                finished.withLastSavepoint("file:/s/savepoint-1"), ActionType.START, false);
        assertThatThrownBy(() -> JobRules.requireRestorePoint(finished, ActionType.START, false))
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
        JobRules.requireRestorePoint(job(JobStatus.STOPPED, null), ActionType.START, false);
        JobRules.requireRestorePoint(job(JobStatus.FAILED, null), ActionType.START, false);
        JobRules.requireRestorePoint(
                job(JobStatus.FINISHED, null), ActionType.STATELESS_UPDATE, false);
        JobRules.requireRestorePoint(job(JobStatus.FINISHED, null), ActionType.DELETE, false);
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
