package dev.sluice.server.portal;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.job.JobRules;
import dev.sluice.server.job.JobStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The job actions of the seeds' portal, with how each is asked for: at once (Stop, Savepoint),
 * through a form (Start, Update, Stateless update) or after a confirmation (Cancel, Delete,
 * Stateless update), so that nothing irreversible happens on a single click.
 */
enum PortalAction {
    STOP(JobActionType.STOP, "Stop", false, false, "Stops the job with a savepoint."),
    START(
            JobActionType.START,
            "Start",
            true,
            false,
            "Starts the stopped job from a savepoint: the last one unless you pick another."),
    UPDATE(
            JobActionType.UPDATE,
            "Update",
            true,
            false,
            "Restarts the job with the jar as it is now in storage, keeping its state: a running"
                    + " job is stopped with a new savepoint first."),
    STATELESS_UPDATE(
            JobActionType.STATELESS_UPDATE,
            "Stateless update",
            true,
            true,
            "Cancels the job and runs the jar as it is now in storage without any state: the job"
                    + " starts fresh."),
    SAVEPOINT(
            JobActionType.SAVEPOINT,
            "Savepoint",
            false,
            false,
            "Takes a savepoint; the job keeps running."),
    CANCEL(
            JobActionType.CANCEL,
            "Cancel",
            false,
            true,
            "Cancels the job permanently, without a savepoint. A cancelled job cannot be started"
                    + " again."),
    DELETE(
            JobActionType.DELETE,
            "Delete",
            false,
            true,
            "Deletes the job's record from Sluice. Its savepoint files stay in storage.");

    private final JobActionType type;
    private final String label;
    private final boolean hasForm;
    private final boolean confirmed;
    private final String description;

    PortalAction(
            JobActionType type,
            String label,
            boolean hasForm,
            boolean confirmed,
            String description) {
        this.type = type;
        this.label = label;
        this.hasForm = hasForm;
        this.confirmed = confirmed;
        this.description = description;
    }

    /** The path segment, e.g. {@code stateless-update}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public JobActionType type() {
        return type;
    }

    /** True when the action takes input (args, savepoint) on a page of its own. */
    public boolean hasForm() {
        return hasForm;
    }

    /** True when the user confirms on a page of its own before it runs. */
    public boolean needsConfirmation() {
        return confirmed;
    }

    /** True when one click from a list may run it: no input, nothing to confirm. */
    public boolean direct() {
        return !hasForm && !confirmed;
    }

    /** True when the action takes a savepoint to start from in this status. */
    public boolean picksSavepoint(JobStatus status) {
        return this == START || (this == UPDATE && status == JobStatus.STOPPED);
    }

    /** True when the action takes new program arguments. */
    public boolean takesArgs() {
        return hasForm;
    }

    /** The portal's actions that a job in this status allows, in the seeds' order. */
    static List<PortalAction> allowed(JobStatus status) {
        return Arrays.stream(values())
                .filter(action -> JobRules.allowed(status).contains(action.type))
                .toList();
    }

    /** The action of a path segment, or a 404 naming the ones there are. */
    static PortalAction ofSlug(String slug) {
        return Arrays.stream(values())
                .filter(action -> action.slug().equals(slug))
                .findFirst()
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "NotFound",
                                        "No job action '"
                                                + slug
                                                + "'; the portal's actions are "
                                                + Arrays.stream(values())
                                                        .map(PortalAction::slug)
                                                        .toList()));
    }
}
