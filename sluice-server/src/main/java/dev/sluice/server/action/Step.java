package dev.sluice.server.action;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The steps an action records in {@code job_actions.step}; each constant keeps the string stored
 * since the first release, so rows written by an older server keep resuming.
 */
enum Step {
    SAVEPOINT_TRIGGERING("savepoint-triggering"),
    SAVEPOINT_TAKEN("savepoint-taken"),
    STOP_TRIGGERING("stop-triggering"),
    STOPPED_WITH_SAVEPOINT("stopped-with-savepoint"),
    CANCELLED("cancelled"),
    SAVEPOINT_CHOSEN("savepoint-chosen"),
    CHECKPOINT_CHOSEN("checkpoint-chosen"),
    RESTORE_POINT_CHOSEN("restore-point-chosen"),
    UPGRADE_APPLIED("upgrade-applied"),
    SUBMITTING("submitting"),
    SUBMITTED("submitted"),
    RUNNING("running"),
    // An UPDATE with rollback (sluice.update.rollback): what it keeps before touching Flink, then
    // the way back to the previous version once the new one failed.
    PREVIOUS_KEPT("previous-kept"),
    ROLLBACK_STARTED("rollback-started"),
    ROLLBACK_CANCELLED("rollback-cancelled"),
    ROLLBACK_SUBMITTING("rollback-submitting"),
    ROLLBACK_SUBMITTED("rollback-submitted"),
    ROLLED_BACK("rolled-back");

    private static final Map<String, Step> BY_STORED =
            Arrays.stream(values()).collect(Collectors.toMap(Step::stored, Function.identity()));

    private final String stored;

    Step(String stored) {
        this.stored = stored;
    }

    /** The value in the database. */
    String stored() {
        return stored;
    }

    /**
     * The step a stored value names; empty for null and for a value this server does not know (a
     * newer server's step), which resumes as if no step had been recorded.
     */
    static Optional<Step> fromStored(String stored) {
        return Optional.ofNullable(stored == null ? null : BY_STORED.get(stored));
    }
}
