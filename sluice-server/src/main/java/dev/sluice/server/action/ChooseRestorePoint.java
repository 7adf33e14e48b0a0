package dev.sluice.server.action;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.job.RunConfiguration;
import dev.sluice.server.savepoint.SavepointCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses what a new run restores from and records it (as the action's savepoint path) before the
 * run is submitted; an action that already recorded one keeps it.
 */
final class ChooseRestorePoint {

    /** Longer than Flink's default statistics cache (3 s), for a loaded JobManager. */
    private static final Duration STALE_STATISTICS = Duration.ofSeconds(15);

    private static final Duration STALE_POLL = Duration.ofMillis(200);

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
        String fromFlink = latestRetainedCheckpoint(run);
        String checkpoint = fromFlink != null ? fromFlink : run.job().restorePoints().checkpoint();
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

    /** RE_LAUNCH restores from the newest of the last checkpoint and the last savepoint. */
    ActionRun newest(ActionRun run) {
        if (run.progress().savepointPath() != null) {
            return run;
        }
        List<String> candidates = new ArrayList<>();
        stats(run)
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

    /**
     * The newest completed checkpoint Flink names whose files are still there. Flink serves the
     * statistics from a cache ({@code rest.cache.checkpoint-statistics.timeout}, 3 s by default):
     * right after the job ended (seen live in the overview) they can name a checkpoint that a later
     * one has since subsumed and deleted, so they are read again until they name an existing one.
     */
    private String latestRetainedCheckpoint(ActionRun run) {
        Instant deadline = Instant.now().plus(STALE_STATISTICS);
        while (true) {
            String path =
                    stats(run)
                            .flatMap(CheckpointStats::completed)
                            .map(c -> c.externalPath())
                            .orElse(null);
            if (path == null
                    || SavepointCatalog.newest(run.roots(), List.of(path)).isPresent()
                    || Instant.now().isAfter(deadline)) {
                return path;
            }
            try {
                Thread.sleep(STALE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineStopping();
            }
        }
    }

    private Optional<CheckpointStats> stats(ActionRun run) {
        String flinkJobId = run.job().run().flinkJobId();
        if (flinkJobId == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(calls.retrying(run, () -> run.flink().checkpointStats(flinkJobId)));
        } catch (FlinkRequestException e) {
            return Optional.empty();
        }
    }
}
