package dev.sluice.server.job;

import static dev.sluice.api.JobActionType.CANCEL;
import static dev.sluice.api.JobActionType.DELETE;
import static dev.sluice.api.JobActionType.LAST_STATE_UPDATE;
import static dev.sluice.api.JobActionType.LIST_SAVEPOINT;
import static dev.sluice.api.JobActionType.RE_LAUNCH;
import static dev.sluice.api.JobActionType.SAVEPOINT;
import static dev.sluice.api.JobActionType.START;
import static dev.sluice.api.JobActionType.STATELESS_UPDATE;
import static dev.sluice.api.JobActionType.STOP;
import static dev.sluice.api.JobActionType.UPDATE;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ApiException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The job state machine of DESIGN.md §5: which action may run in which status. */
public final class JobRules {

    private static final Map<JobStatus, Set<JobActionType>> ALLOWED =
            new EnumMap<>(JobStatus.class);

    static {
        ALLOWED.put(JobStatus.NOT_STARTED, EnumSet.of(STATELESS_UPDATE, LIST_SAVEPOINT, DELETE));
        ALLOWED.put(JobStatus.INITIALIZING, EnumSet.of(LIST_SAVEPOINT, CANCEL));
        ALLOWED.put(
                JobStatus.RUNNING,
                EnumSet.of(
                        STOP,
                        UPDATE,
                        STATELESS_UPDATE,
                        SAVEPOINT,
                        LIST_SAVEPOINT,
                        CANCEL,
                        LAST_STATE_UPDATE));
        ALLOWED.put(
                JobStatus.RESTARTING,
                EnumSet.of(STATELESS_UPDATE, LIST_SAVEPOINT, CANCEL, LAST_STATE_UPDATE));
        ALLOWED.put(
                JobStatus.STOPPED,
                EnumSet.of(START, UPDATE, STATELESS_UPDATE, LIST_SAVEPOINT, CANCEL, DELETE));
        ALLOWED.put(
                JobStatus.FAILED,
                EnumSet.of(
                        START,
                        STATELESS_UPDATE,
                        LIST_SAVEPOINT,
                        CANCEL,
                        DELETE,
                        LAST_STATE_UPDATE,
                        RE_LAUNCH));
        // START only from a savepoint: see requireRestorePoint.
        ALLOWED.put(
                JobStatus.FINISHED, EnumSet.of(START, STATELESS_UPDATE, LIST_SAVEPOINT, DELETE));
        ALLOWED.put(JobStatus.CANCELLED, EnumSet.of(LIST_SAVEPOINT, DELETE));
        // Unknown means the cluster does not answer: only what needs no Flink call.
        ALLOWED.put(JobStatus.UNKNOWN, EnumSet.of(LIST_SAVEPOINT));
    }

    private JobRules() {}

    /** The actions a job in this status accepts, in declaration order. */
    public static Set<JobActionType> allowed(JobStatus status) {
        return ALLOWED.get(status);
    }

    /**
     * Refuses an action the job's status does not allow, or one asked while another runs.
     *
     * @throws ApiException 409 ActionInProgress or ActionNotAllowed
     */
    public static void check(Job job, JobActionType action) {
        checkIdle(job);
        if (!allowed(job.run().status()).contains(action)) {
            throw notAllowed(job, action);
        }
    }

    /**
     * Refuses RE_LAUNCH of a run its JobManager lost ({@link JobService#relaunchLostRun}) unless
     * that run is still the job's and live, and no action runs: Flink no longer runs it, so a new
     * run cannot make two.
     *
     * @throws ApiException 409 ActionInProgress or ActionNotAllowed
     */
    public static void checkLostRun(Job job, String flinkJobId) {
        checkIdle(job);
        if (!flinkJobId.equals(job.run().flinkJobId()) || !job.run().status().isLive()) {
            throw notAllowed(job, RE_LAUNCH);
        }
    }

    private static void checkIdle(Job job) {
        if (job.lastAction().activeId() != null) {
            throw ApiException.conflict(
                    "ActionInProgress",
                    "Job '"
                            + job.name()
                            + "' is busy with "
                            + job.lastAction().type()
                            + " (operation "
                            + job.lastAction().activeId()
                            + "); ask again when its actionResult is no longer IN_PROGRESS");
        }
    }

    private static ApiException notAllowed(Job job, JobActionType action) {
        return ApiException.conflict(
                "ActionNotAllowed",
                "Action "
                        + action
                        + " is not allowed while job '"
                        + job.name()
                        + "' is "
                        + job.run().status()
                        + "; allowed now: "
                        + allowed(job.run().status()).stream()
                                .map(Enum::name)
                                .collect(Collectors.joining(", ")));
    }

    /**
     * Refuses START of a FINISHED job that has no savepoint to start from: a bounded job that ended
     * by itself left no state to resume, and starting it fresh is STATELESS_UPDATE's promise, not
     * START's.
     *
     * @param savepointNamed whether the request names a savepoint ({@code savePointName})
     * @throws ApiException 409 ActionNotAllowed
     */
    public static void requireRestorePoint(Job job, JobActionType action, boolean savepointNamed) {
        if (action != START
                || job.run().status() != JobStatus.FINISHED
                || savepointNamed
                || job.restorePoints().savepoint() != null) {
            return;
        }
        throw ApiException.conflict(
                "ActionNotAllowed",
                "Job '"
                        + job.name()
                        + "' is FINISHED without a savepoint, so START has nothing to resume;"
                        + " name one in properties.savePointName (LIST_SAVEPOINT shows them), or"
                        + " use STATELESS_UPDATE to start it fresh");
    }
}
