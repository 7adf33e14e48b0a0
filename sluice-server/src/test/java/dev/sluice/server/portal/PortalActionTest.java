package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.job.JobStatus;
import org.junit.jupiter.api.Test;

class PortalActionTest {

    @Test
    void theSeedsActionsFollowTheStateMachine() {
        assertThat(PortalAction.allowed(JobStatus.RUNNING))
                .containsExactly(
                        PortalAction.STOP,
                        PortalAction.UPDATE,
                        PortalAction.STATELESS_UPDATE,
                        PortalAction.SAVEPOINT,
                        PortalAction.CANCEL);
        assertThat(PortalAction.allowed(JobStatus.STOPPED))
                .containsExactly(
                        PortalAction.START,
                        PortalAction.UPDATE,
                        PortalAction.STATELESS_UPDATE,
                        PortalAction.CANCEL,
                        PortalAction.DELETE);
        assertThat(PortalAction.allowed(JobStatus.CANCELLED)).containsExactly(PortalAction.DELETE);
    }

    @Test
    void irreversibleActionsNeedAConfirmationAndNoneRunsOnOneClickButStopAndSavepoint() {
        assertThat(PortalAction.values())
                .filteredOn(PortalAction::needsConfirmation)
                .containsExactly(
                        PortalAction.STATELESS_UPDATE, PortalAction.CANCEL, PortalAction.DELETE);
        assertThat(PortalAction.values())
                .filteredOn(PortalAction::direct)
                .containsExactly(PortalAction.STOP, PortalAction.SAVEPOINT);
    }

    @Test
    void onlyStartAndUpdateOfAStoppedJobPickASavepoint() {
        assertThat(PortalAction.START.picksSavepoint(JobStatus.FAILED)).isTrue();
        assertThat(PortalAction.UPDATE.picksSavepoint(JobStatus.STOPPED)).isTrue();
        assertThat(PortalAction.UPDATE.picksSavepoint(JobStatus.RUNNING)).isFalse();
        assertThat(PortalAction.STATELESS_UPDATE.picksSavepoint(JobStatus.STOPPED)).isFalse();
    }

    @Test
    void slugsRoundTripAndUnknownOnesAreNotFound() {
        for (PortalAction action : PortalAction.values()) {
            assertThat(PortalAction.ofSlug(action.slug())).isEqualTo(action);
        }
        assertThat(PortalAction.STATELESS_UPDATE.slug()).isEqualTo("stateless-update");
        assertThatThrownBy(() -> PortalAction.ofSlug("explode"))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(404);
    }

    @Test
    void lastSegmentNamesASavepointDirectory() {
        assertThat(JobRow.lastSegment("file:/a/b/savepoint-1/")).isEqualTo("savepoint-1");
        assertThat(JobRow.lastSegment("savepoint-2")).isEqualTo("savepoint-2");
        assertThat(JobRow.lastSegment(" ")).isNull();
        assertThat(JobRow.lastSegment(null)).isNull();
    }
}
