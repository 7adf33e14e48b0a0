package dev.sluice.server.action;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.job.ActionProperties;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.lifecycle.ApplicationClusters;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.savepoint.SavepointEntry;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What each runJob action does, as a sequence of {@link FlinkSteps}. Every branch checks what the
 * action already recorded first, so a resumed action picks up where the last server stopped.
 */
final class JobActions {

    /** How an action ended well: the job's status and what jobOutput says. */
    record Outcome(JobStatus status, String output) {}

    private final FlinkSteps steps;
    private final ActionProperties properties;
    private final ApplicationClusters applications;

    JobActions(FlinkSteps steps, ActionProperties properties, ApplicationClusters applications) {
        this.steps = steps;
        this.properties = properties;
        this.applications = applications;
    }

    Outcome perform(ActionContext ctx) {
        return switch (ctx.action().type()) {
            case NEW -> {
                steps.submit(ctx, null);
                yield running(ctx, "Job submitted");
            }
            case STOP -> {
                String savepoint = steps.savepoint(ctx, true);
                steps.awaitEnded(ctx, properties.cancelTimeout());
                yield new Outcome(JobStatus.STOPPED, "Savepoint completed. Path: " + savepoint);
            }
            case SAVEPOINT -> {
                String savepoint = steps.savepoint(ctx, false);
                yield new Outcome(ctx.job().status(), "Savepoint completed. Path: " + savepoint);
            }
            case START -> {
                String savepoint = restorePoint(ctx);
                restart(ctx, savepoint);
                yield running(ctx, "Job started from savepoint " + savepoint);
            }
            case UPDATE -> {
                String savepoint = ctx.action().savepointPath();
                if (savepoint == null) {
                    if (ctx.action().triggerId() != null || steps.isLive(ctx)) {
                        savepoint = steps.savepoint(ctx, true);
                        steps.awaitEnded(ctx, properties.cancelTimeout());
                    } else {
                        savepoint = restorePoint(ctx);
                    }
                }
                restart(ctx, savepoint);
                yield running(ctx, "Job updated from savepoint " + savepoint);
            }
            case STATELESS_UPDATE -> {
                if (ctx.action().flinkJobId() == null) {
                    steps.cancel(ctx);
                }
                restart(ctx, null);
                yield running(ctx, "Job restarted without state");
            }
            case CANCEL -> {
                steps.cancel(ctx);
                yield new Outcome(JobStatus.CANCELLED, "Job cancelled");
            }
            case LIST_SAVEPOINT -> {
                Path directory = savepointDirectory(ctx);
                yield new Outcome(
                        ctx.job().status(),
                        SavepointCatalog.format(directory, SavepointCatalog.list(directory)));
            }
            case LAST_STATE_UPDATE -> {
                String checkpoint = ctx.action().savepointPath();
                if (checkpoint == null) {
                    if (ctx.action().flinkJobId() == null) {
                        steps.cancel(ctx);
                    }
                    checkpoint = latestCheckpoint(ctx);
                    String chosen = checkpoint;
                    ctx.record(a -> a.withSavepointPath(chosen).withStep("checkpoint-chosen"));
                }
                restart(ctx, checkpoint);
                yield running(ctx, "Job restored from checkpoint " + checkpoint);
            }
            case RE_LAUNCH -> {
                String point = ctx.action().savepointPath();
                if (point == null) {
                    point = newestRestorePoint(ctx);
                    String chosen = point;
                    ctx.record(a -> a.withSavepointPath(chosen).withStep("restore-point-chosen"));
                }
                restart(ctx, point);
                yield running(ctx, "Job relaunched from " + point);
            }
            case DELETE -> {
                if (ctx.application) {
                    deleteCluster(ctx);
                    yield new Outcome(
                            ctx.job().status(),
                            "Job and its Application-mode cluster '"
                                    + ctx.cluster.name()
                                    + "' deleted; its savepoints stay in "
                                    + savepointDirectory(ctx));
                }
                yield new Outcome(
                        ctx.job().status(),
                        "Job deleted; its savepoints stay in " + savepointDirectory(ctx));
            }
        };
    }

    /** An Application-mode cluster exists for its job: deleting the job deletes the cluster. */
    private void deleteCluster(ActionContext ctx) {
        try {
            applications.delete(ctx.cluster.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkSteps.EngineStopping();
        } catch (DeploymentException e) {
            throw new ActionFailure(e.getMessage());
        }
    }

    private Outcome running(ActionContext ctx, String message) {
        return new Outcome(
                JobStatus.RUNNING, message + "; Flink job id " + ctx.action().flinkJobId());
    }

    /** Applies new arguments (START, UPDATE and STATELESS_UPDATE may carry them), then submits. */
    private void restart(ActionContext ctx, String restorePath) {
        String args = ctx.parameter("args");
        if (args != null && !args.equals(ctx.job().args())) {
            ctx.updateJob(job -> job.withArgs(args.trim()));
        }
        steps.submit(ctx, restorePath);
    }

    /** START's savepoint: the one named in the request, else the last one Sluice took. */
    private String restorePoint(ActionContext ctx) {
        String recorded = ctx.action().savepointPath();
        if (recorded != null) {
            return recorded;
        }
        String name = ctx.parameter("savePointName");
        String chosen;
        if (name != null) {
            SavepointEntry entry =
                    SavepointCatalog.resolve(ctx.roots, savepointDirectory(ctx), name);
            chosen = entry.uri();
        } else if (ctx.job().lastSavepoint() != null) {
            chosen = ctx.job().lastSavepoint();
        } else {
            throw new ActionFailure(
                    "Job '"
                            + ctx.job().name()
                            + "' has no savepoint to start from; name one in savePointName");
        }
        ctx.record(a -> a.withSavepointPath(chosen).withStep("savepoint-chosen"));
        return chosen;
    }

    private String latestCheckpoint(ActionContext ctx) {
        String fromFlink =
                stats(ctx)
                        .flatMap(CheckpointStats::completed)
                        .map(c -> c.externalPath())
                        .orElse(null);
        String checkpoint = fromFlink != null ? fromFlink : ctx.job().lastCheckpoint();
        if (checkpoint == null) {
            throw new ActionFailure(
                    "Job '"
                            + ctx.job().name()
                            + "' has no retained checkpoint yet (checkpoints are taken every "
                            + ctx.job()
                                    .flinkConfiguration()
                                    .getOrDefault(
                                            FlinkSteps.INTERVAL,
                                            properties.checkpointInterval().toSeconds() + " s")
                            + ")");
        }
        return checkpoint;
    }

    /** RE_LAUNCH restores from the newest of the last checkpoint and the last savepoint. */
    private String newestRestorePoint(ActionContext ctx) {
        List<String> candidates = new ArrayList<>();
        stats(ctx)
                .ifPresent(
                        s -> {
                            s.completed().map(c -> c.externalPath()).ifPresent(candidates::add);
                            s.savepoint().map(c -> c.externalPath()).ifPresent(candidates::add);
                        });
        if (ctx.job().lastCheckpoint() != null) {
            candidates.add(ctx.job().lastCheckpoint());
        }
        if (ctx.job().lastSavepoint() != null) {
            candidates.add(ctx.job().lastSavepoint());
        }
        return candidates.stream()
                .filter(path -> path != null && modified(ctx.roots, path) != null)
                .max(Comparator.comparing(path -> modified(ctx.roots, path)))
                .orElseThrow(
                        () ->
                                new ActionFailure(
                                        "Job '"
                                                + ctx.job().name()
                                                + "' has neither a retained checkpoint nor a savepoint to relaunch from"));
    }

    private java.util.Optional<CheckpointStats> stats(ActionContext ctx) {
        String flinkJobId = ctx.job().flinkJobId();
        if (flinkJobId == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(
                    steps.retrying(ctx, () -> ctx.flink.checkpointStats(flinkJobId)));
        } catch (FlinkRequestException e) {
            return java.util.Optional.empty();
        }
    }

    /** When a checkpoint or savepoint was completed: its {@code _metadata} file's time. */
    private static Instant modified(StorageRoots roots, String location) {
        try {
            Path metadata = roots.resolve(location, "restorePoint").resolve("_metadata");
            return Files.isRegularFile(metadata)
                    ? Files.getLastModifiedTime(metadata).toInstant()
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path savepointDirectory(ActionContext ctx) {
        return ctx.roots.resolve(
                ctx.job().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY),
                JobService.SAVEPOINT_DIRECTORY);
    }
}
