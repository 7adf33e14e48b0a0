package dev.sluice.server.action;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.Ids;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rollback of an UPDATE whose new version failed ({@code sluice.update.rollback}): the steps
 * that cancel the new version, give the job its previous spec back and run the previous jar (as
 * {@link KeptJars} kept it) from the savepoint the UPDATE took. Each step is recorded before the
 * next touches Flink, so a resumed action goes on from the last one; the action always ends FAILED,
 * saying why the new version failed and whether the previous one runs again.
 */
final class Rollback {

    static final String JAR_DIRECTORY = "jarDirectory";
    static final String JAR_NAME = "jarName";
    static final String ENTRY_CLASS = "entryClass";
    static final String ARGS = "args";
    static final String FLINK_JOB_ID = "flinkJobId";
    static final String REASON = "reason";
    static final String ALERT = "job.rolled-back";

    /** Prefixes what the launcher kept ({@link JobLauncher#definition}) in the plan. */
    private static final String DEFINITION = "definition.";

    private final FlinkCalls calls;
    private final Cancel cancel;
    private final AwaitRunning awaitRunning;

    Rollback(FlinkCalls calls, Cancel cancel, AwaitRunning awaitRunning) {
        this.calls = calls;
        this.cancel = cancel;
        this.awaitRunning = awaitRunning;
    }

    /** Records the job's spec and run as they are, before the UPDATE touches Flink. */
    static ActionRun keepPrevious(ActionRun run) {
        JobSpec spec = run.job().spec();
        Map<String, String> kept = new HashMap<>();
        putIfPresent(kept, JAR_DIRECTORY, spec.jarDirectory());
        putIfPresent(kept, JAR_NAME, spec.jarName());
        putIfPresent(kept, ENTRY_CLASS, spec.entryClass());
        putIfPresent(kept, ARGS, spec.args());
        putIfPresent(kept, FLINK_JOB_ID, run.job().run().flinkJobId());
        run.launcher().definition(run).forEach((key, value) -> kept.put(DEFINITION + key, value));
        return run.record(Step.PREVIOUS_KEPT, a -> a.withRollback(kept));
    }

    /** True once the action decided to roll back (a resumed action goes on with it). */
    static boolean started(ActionRun run) {
        return run.progress().rollback().containsKey(REASON);
    }

    /** True while the action launches the previous version. */
    static boolean rollingBack(ActionRun run) {
        return run.step().filter(s -> s == Step.ROLLBACK_SUBMITTING).isPresent();
    }

    /** The Flink job id the job ran before the UPDATE, null when none was kept. */
    static String previousFlinkJobId(ActionRun run) {
        return run.progress().rollback().get(FLINK_JOB_ID);
    }

    /** What the launcher kept before the UPDATE ({@link JobLauncher#definition}). */
    static Map<String, String> previousDefinition(ActionRun run) {
        Map<String, String> definition = new HashMap<>();
        run.progress()
                .rollback()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(DEFINITION)) {
                                definition.put(key.substring(DEFINITION.length()), value);
                            }
                        });
        return definition;
    }

    /**
     * Watches the new version until {@code deadline}: it must keep running with every task.
     *
     * @throws ActionFailure when it stops doing so, with its state and Flink's reason
     */
    void watch(ActionRun run, Instant deadline) {
        String flinkJobId = run.progress().flinkJobId();
        while (Instant.now().isBefore(deadline)) {
            Optional<JobOverview> job = calls.overviewOf(run, flinkJobId);
            if (job.isEmpty() || !job.get().runs()) {
                String state = job.map(j -> j.state().name()).orElse("GONE");
                String failure = failure(run, flinkJobId).map(f -> ": " + f.summary()).orElse("");
                throw new ActionFailure("The job was " + state + " after it ran" + failure);
            }
            calls.pause();
        }
    }

    /** Records why the new version failed, then rolls back; returns the action's failure. */
    ActionFailure start(ActionRun run, String reason) {
        Map<String, String> kept = new HashMap<>(run.progress().rollback());
        kept.put(REASON, reason);
        return resume(run.record(Step.ROLLBACK_STARTED, a -> a.withRollback(kept)));
    }

    /**
     * Goes on from the last rollback step recorded; returns the failure that ends the action, which
     * says why the new version failed and that the previous one runs again, or why not.
     */
    ActionFailure resume(ActionRun run) {
        String reason = run.progress().rollback().get(REASON);
        ActionRun back;
        try {
            back = back(run);
        } catch (ActionFailure | ApiException | FlinkRequestException e) {
            return new ActionFailure(
                    "The new version failed: "
                            + reason
                            + "; it could not be rolled back: "
                            + e.getMessage());
        }
        return new ActionFailure(
                "The new version failed: "
                        + reason
                        + "; rolled back: the previous version runs again from savepoint "
                        + back.progress().savepointPath()
                        + "; Flink job id "
                        + back.progress().flinkJobId());
    }

    private ActionRun back(ActionRun run) {
        Step step = run.step().orElse(Step.ROLLBACK_STARTED);
        boolean fresh = false;
        if (step == Step.ROLLBACK_STARTED) {
            // The failing new version goes first: never two Flink jobs for one Sluice job. An
            // Application-mode cluster whose redeploy failed has no processes to ask.
            if (run.launcher().hasProcesses(run)) {
                cancel.cancel(run, run.progress().flinkJobId());
            }
            run = run.record(Step.ROLLBACK_CANCELLED);
            step = Step.ROLLBACK_CANCELLED;
        }
        if (step == Step.ROLLBACK_CANCELLED) {
            Map<String, String> kept = run.progress().rollback();
            run =
                    run.updateJob(
                            job ->
                                    job.withJar(
                                                    kept.get(JAR_DIRECTORY),
                                                    kept.get(JAR_NAME),
                                                    kept.get(ENTRY_CLASS))
                                            .withArgs(kept.get(ARGS)));
            String chosen = Ids.newId();
            run = run.record(Step.ROLLBACK_SUBMITTING, a -> a.withFlinkJobId(chosen));
            step = Step.ROLLBACK_SUBMITTING;
            fresh = true;
        }
        if (step == Step.ROLLBACK_SUBMITTING) {
            String flinkJobId = run.progress().flinkJobId();
            String actionId = run.action().id();
            run =
                    run.launcher()
                            .launch(run, flinkJobId, run.progress().savepointPath(), fresh)
                            .updateJob(
                                    job ->
                                            job.withRun(flinkJobId, actionId)
                                                    .withStatus(JobStatus.INITIALIZING, null))
                            .record(Step.ROLLBACK_SUBMITTED);
            step = Step.ROLLBACK_SUBMITTED;
        }
        if (step == Step.ROLLBACK_SUBMITTED) {
            awaitRunning.until(run, calls.properties().submissionTimeout());
            Map<String, String> data = new LinkedHashMap<>();
            data.put("operationId", run.action().id());
            data.put("reason", run.progress().rollback().get(REASON));
            data.put("flinkJobId", run.progress().flinkJobId());
            putIfPresent(data, "savepoint", run.progress().savepointPath());
            run = run.recorder().rolledBack(run, Step.ROLLED_BACK, ALERT, data);
        }
        return run;
    }

    private Optional<JobFailure> failure(ActionRun run, String flinkJobId) {
        try {
            return run.flink().jobFailure(flinkJobId);
        } catch (RuntimeException e) {
            // Only the reason's detail is lost; the state says enough to roll back.
            return Optional.empty();
        }
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
