package dev.sluice.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeAlertsTest {

    private final Job created =
            Job.create(
                    "/subscriptions/s/resourcegroups/r/providers/microsoft.hdinsight/clusterpools/p/clusters/c",
                    "counter",
                    new JobSpec("file:/jars", "counter.jar", "Main", null, Map.of()),
                    "a1",
                    Instant.EPOCH);

    @Test
    void theEndOfTheActiveActionRaisesActionEndedWithItsResult() {
        Job running = created.withStatus(JobStatus.RUNNING, null);
        Job ended = running.withActionEnded(ActionResult.SUCCESS, "started");

        assertThat(ChangeAlerts.of(running, ended))
                .containsExactly(
                        new ChangeAlerts.Raised(
                                ChangeAlerts.ACTION_ENDED,
                                Map.of(
                                        "operationId", "a1",
                                        "action", "NEW",
                                        "actionResult", "SUCCESS",
                                        "jobOutput", "started")));
    }

    @Test
    void aRunTurningFailedRaisesJobFailedWithTheReasonOnce() {
        Job running =
                created.withActionEnded(ActionResult.SUCCESS, null)
                        .withStatus(JobStatus.RUNNING, null);
        Job failed = running.withStatus(JobStatus.FAILED, "boom");

        assertThat(ChangeAlerts.of(running, failed))
                .containsExactly(
                        new ChangeAlerts.Raised(ChangeAlerts.JOB_FAILED, Map.of("reason", "boom")));
        assertThat(ChangeAlerts.of(failed, failed.withStatus(JobStatus.FAILED, "boom; more")))
                .isEmpty();
    }

    @Test
    void startingAnActionOrRecordingACheckpointRaisesNothing() {
        Job idle = created.withActionEnded(ActionResult.SUCCESS, null);

        assertThat(ChangeAlerts.of(idle, idle.withActionStarted(JobActionType.STOP, "a2")))
                .isEmpty();
        assertThat(ChangeAlerts.of(idle, idle.withLastCheckpoint("file:/cp/chk-1"))).isEmpty();
    }
}
