package dev.sluice.server.action;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.RunConfiguration;
import dev.sluice.server.savepoint.SavepointCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses what a new run restores from and records it (as the action's savepoint path) before the
 * run is submitted; an action that already recorded one keeps it.
 */
final class ChooseRestorePoint {

    private final FlinkCalls calls;

    ChooseRestorePoint(FlinkCalls calls) {
        this.calls = calls;
    }

    /** START's savepoint: the one named in the request, else the last one Sluice took. */
    ActionRun savepoint(ActionRun run) {
        if (run.progress().savepointPath() != null) {
            return run;
        }
        String name = run.parameter("savePointName");
        String chosen;
        if (name != null) {
            chosen = SavepointCatalog.resolve(run.roots(), run.savepointDirectory(), name).uri();
        } else if (run.job().restorePoints().savepoint() != null) {
            chosen = run.job().restorePoints().savepoint();
        } else {
            throw new ActionFailure(
                    "Job '"
                            + run.job().name()
                            + "' has no savepoint to start from; name one in savePointName");
        }
        return run.record(Step.SAVEPOINT_CHOSEN, a -> a.withSavepointPath(chosen));
    }

    /** LAST_STATE_UPDATE's checkpoint: the last one Flink completed, else the last one seen. */
    ActionRun checkpoint(ActionRun run) {
        if (run.progress().savepointPath() != null) {
            return run;
        }
        String fromFlink =
                stats(run, true)
                        .flatMap(CheckpointStats::completed)
                        .map(c -> c.externalPath())
                        .orElse(null);
        String flinkJobId = run.job().run().flinkJobId();
        String last = run.job().restorePoints().checkpoint();
        boolean lastOfThisRun = last == null || flinkJobId == null || ofRun(last, flinkJobId);
        String recorded = fromFlink != null ? fromFlink : lastOfThisRun ? last : null;
        List<String> candidates = new ArrayList<>();
        candidates.add(fromFlink);
        // A checkpoint recorded for an earlier run (before a STATELESS_UPDATE) is not this run's
        // state. Flink's statistics come from a cache and the observer records checkpoints once a
        // minute, so this run's directory is looked at too (the catalog takes the retained
        // chk-<n> beside a place in it).
        candidates.add(lastOfThisRun ? last : null);
        candidates.add(inRunDirectory(run, flinkJobId));
        // The newest on disk: the one Flink's cached statistics name may be subsumed already.
        String checkpoint = SavepointCatalog.newest(run.roots(), candidates).orElse(recorded);
        if (checkpoint == null) {
            throw new ActionFailure(
                    "Job '"
                            + run.job().name()
                            + "' has no retained checkpoint yet (checkpoints are taken every "
                            + run.job()
                                    .spec()
                                    .flinkConfiguration()
                                    .getOrDefault(
                                            RunConfiguration.INTERVAL,
                                            calls.properties().checkpointInterval().toSeconds()
                                                    + " s")
                            + ")");
        }
        return run.record(Step.CHECKPOINT_CHOSEN, a -> a.withSavepointPath(checkpoint));
    }

    /** Whether a checkpoint path ({@code <dir>/<flink job id>/chk-<n>}) is of this Flink job. */
    private static boolean ofRun(String checkpoint, String flinkJobId) {
        return checkpoint.contains("/" + flinkJobId + "/");
    }

    /**
     * A place in this Flink job's checkpoint directory ({@code <checkpoint dir>/<flink job
     * id>/chk-0}, without {@code _metadata}), when the job's configuration names the directory or
     * it is Sluice's default; null otherwise (a directory set only in the cluster's configuration).
     */
    private static String inRunDirectory(ActionRun run, String flinkJobId) {
        if (flinkJobId == null) {
            return null;
        }
        Map<String, String> config = run.job().spec().flinkConfiguration();
        String dir =
                config.getOrDefault(
                        RunConfiguration.CHECKPOINT_DIR,
                        config.getOrDefault(
                                RunConfiguration.LEGACY_CHECKPOINT_DIR,
                                JobService.defaultPath(
                                        run.cluster(), "checkpoints", run.job().name())));
        return dir.replaceAll("/+$", "") + "/" + flinkJobId + "/chk-0";
    }

    /**
     * RE_LAUNCH restores from the newest of the last checkpoint and the last savepoint, the run's
     * newest retained checkpoint among them.
     */
    ActionRun newest(ActionRun run) {
        if (run.progress().savepointPath() != null) {
            return run;
        }
        List<String> candidates = new ArrayList<>();
        // Asked once: a run lost with its JobManager (an Application-mode cluster's may have no
        // processes until this action deploys them) has no statistics to wait for.
        stats(run, false)
                .ifPresent(
                        s -> {
                            s.completed().map(c -> c.externalPath()).ifPresent(candidates::add);
                            s.savepoint().map(c -> c.externalPath()).ifPresent(candidates::add);
                        });
        if (run.job().restorePoints().checkpoint() != null) {
            candidates.add(run.job().restorePoints().checkpoint());
        }
        if (run.job().restorePoints().savepoint() != null) {
            candidates.add(run.job().restorePoints().savepoint());
        }
        // A run lost with its JobManager has no statistics left, and the observer records
        // checkpoints once a minute: its newest retained one is on disk.
        candidates.add(inRunDirectory(run, run.job().run().flinkJobId()));
        String chosen =
                SavepointCatalog.newest(run.roots(), candidates)
                        .orElseThrow(
                                () ->
                                        new ActionFailure(
                                                "Job '"
                                                        + run.job().name()
                                                        + "' has neither a retained checkpoint nor"
                                                        + " a savepoint to relaunch from"));
        return run.record(Step.RESTORE_POINT_CHOSEN, a -> a.withSavepointPath(chosen));
    }

    private Optional<CheckpointStats> stats(ActionRun run, boolean patient) {
        String flinkJobId = run.job().run().flinkJobId();
        if (flinkJobId == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    patient
                            ? calls.retrying(run, () -> run.flink().checkpointStats(flinkJobId))
                            : run.flink().checkpointStats(flinkJobId));
        } catch (FlinkRequestException | FlinkUnavailableException e) {
            return Optional.empty();
        }
    }
}
