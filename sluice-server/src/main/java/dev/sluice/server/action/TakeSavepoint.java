package dev.sluice.server.action;

import dev.sluice.server.common.Ids;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.SavepointOperationStatus;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.savepoint.SavepointKind;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a savepoint of the job's current Flink job, stopping it too when built with {@link
 * #stopping}: records the trigger id before triggering and the path the moment Flink reports it,
 * and returns at once when the action already recorded a path.
 */
final class TakeSavepoint {

    private static final Logger LOG = LoggerFactory.getLogger(TakeSavepoint.class);

    private final FlinkCalls calls;
    private final boolean stop;
    private final Step triggering;
    private final Step taken;

    private TakeSavepoint(FlinkCalls calls, boolean stop) {
        this.calls = calls;
        this.stop = stop;
        this.triggering = stop ? Step.STOP_TRIGGERING : Step.SAVEPOINT_TRIGGERING;
        this.taken = stop ? Step.STOPPED_WITH_SAVEPOINT : Step.SAVEPOINT_TAKEN;
    }

    /** Stop with savepoint: the job FINISHES once the savepoint is complete. */
    static TakeSavepoint stopping(FlinkCalls calls) {
        return new TakeSavepoint(calls, true);
    }

    /** A savepoint of a job that keeps running. */
    static TakeSavepoint keepingRunning(FlinkCalls calls) {
        return new TakeSavepoint(calls, false);
    }

    /** The run with the savepoint's path recorded ({@code progress().savepointPath()}). */
    ActionRun run(ActionRun run) {
        if (run.progress().savepointPath() != null) {
            return run;
        }
        String flinkJobId = run.job().run().flinkJobId();
        if (flinkJobId == null) {
            throw new ActionFailure(
                    "Job '" + run.job().name() + "' has no Flink job to take a savepoint of");
        }
        boolean fresh = run.progress().triggerId() == null;
        if (fresh) {
            String chosen = Ids.newId();
            run = run.record(triggering, a -> a.withTriggerId(chosen));
        }
        String triggerId = run.progress().triggerId();
        String directory =
                run.job().spec().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY);
        ActionRun current = run;
        // A trigger id chosen just now cannot be known to Flink: no need to ask.
        if (fresh || knownTrigger(current, flinkJobId, triggerId).isEmpty()) {
            calls.retrying(
                    current,
                    () ->
                            stop
                                    ? current.flink()
                                            .stopWithSavepoint(
                                                    flinkJobId, directory, false, triggerId, null)
                                    : current.flink()
                                            .triggerSavepoint(
                                                    flinkJobId, directory, triggerId, null));
            LOG.info(
                    "Job {}: {} triggered ({})",
                    current.job().name(),
                    stop ? "stop with savepoint" : "savepoint",
                    triggerId);
        }
        SavepointOperationStatus status =
                calls.await(
                        calls.properties().savepointTimeout(),
                        "the savepoint",
                        () -> {
                            SavepointOperationStatus s =
                                    current.flink().savepointStatus(flinkJobId, triggerId);
                            return s.isInProgress() ? null : s;
                        });
        if (status.isFailed()) {
            throw new ActionFailure(
                    "Savepoint failed: " + status.failureMessage(), status.failureStackTrace());
        }
        String path = status.location();
        // The job's last savepoint, the step and the history entry in one transaction.
        ActionRun done =
                current.recorder()
                        .savepointTaken(
                                current,
                                taken,
                                path,
                                SavepointCatalog.describe(current.roots(), path),
                                kind(current.action()));
        LOG.info("Job {}: savepoint {}", done.job().name(), path);
        return done;
    }

    /** How the history calls a savepoint this action took. */
    static SavepointKind kind(JobAction action) {
        return switch (action.type()) {
            case STOP -> SavepointKind.STOP;
            case UPDATE -> SavepointKind.UPDATE;
            case DELETE -> SavepointKind.DELETE;
            default ->
                    SavepointKind.PERIODIC_PRINCIPAL.equals(action.principal())
                            ? SavepointKind.PERIODIC
                            : SavepointKind.MANUAL;
        };
    }

    private Optional<SavepointOperationStatus> knownTrigger(
            ActionRun run, String flinkJobId, String triggerId) {
        try {
            return Optional.of(
                    calls.retrying(run, () -> run.flink().savepointStatus(flinkJobId, triggerId)));
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
