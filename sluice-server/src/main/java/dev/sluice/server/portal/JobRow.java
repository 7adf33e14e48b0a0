package dev.sluice.server.portal;

import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.util.List;

/**
 * One job as the Flink Jobs list shows it: the seeds' columns plus the actions its status allows.
 *
 * @param lastSavepointName the last path segment of {@code lastSavepoint}, or null
 * @param inProgress true while its latest action runs (actionResult IN_PROGRESS)
 * @param actions the portal's actions its status allows; none while an action runs
 */
record JobRow(
        String name,
        String status,
        String statusReason,
        String lastAction,
        String actionResult,
        String jobOutput,
        String lastSavepoint,
        String lastSavepointName,
        String flinkJobId,
        boolean inProgress,
        List<PortalAction> actions) {

    static JobRow of(Job job) {
        boolean inProgress =
                job.lastAction().result() == ActionResult.IN_PROGRESS
                        || job.lastAction().activeId() != null;
        return new JobRow(
                job.name(),
                job.run().status().name(),
                job.run().statusReason(),
                job.lastAction().type() == null ? null : job.lastAction().type().name(),
                job.lastAction().result() == null ? null : job.lastAction().result().name(),
                job.lastAction().output(),
                job.restorePoints().savepoint(),
                lastSegment(job.restorePoints().savepoint()),
                job.run().flinkJobId(),
                inProgress,
                inProgress ? List.of() : PortalAction.allowed(job.run().status()));
    }

    /** True while the page should refresh itself: an action runs or Flink is still settling. */
    boolean changing() {
        return inProgress
                || status.equals(JobStatus.INITIALIZING.name())
                || status.equals(JobStatus.RESTARTING.name());
    }

    static boolean anyChanging(List<JobRow> rows) {
        return rows.stream().anyMatch(JobRow::changing);
    }

    /** The name of a savepoint directory from its URI or path, ignoring a trailing slash. */
    static String lastSegment(String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
