package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.common.Ids;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JarRunRequest;
import dev.sluice.server.flink.JobDetail;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.flink.SavepointOperationStatus;
import dev.sluice.server.job.ActionProperties;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.RunConfiguration;
import dev.sluice.server.storage.JarFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink-facing steps actions are made of. Each is idempotent: it first looks at what the action
 * already recorded (trigger id, Flink job id, savepoint path) and at what Flink already did, so
 * running it again after a server restart continues instead of repeating.
 */
final class FlinkSteps {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSteps.class);
    static final String INTERVAL = RunConfiguration.INTERVAL;

    private final ActionProperties properties;
    private final ApplicationSubmit application;
    private final Function<ClusterRecord, Map<String, String>> clusterConfiguration;

    FlinkSteps(
            ActionProperties properties,
            ApplicationSubmit application,
            Function<ClusterRecord, Map<String, String>> clusterConfiguration) {
        this.properties = properties;
        this.application = application;
        this.clusterConfiguration = clusterConfiguration;
    }

    /**
     * Takes a savepoint of the job's current Flink job (and stops it when {@code stop}), recording
     * the trigger id before triggering and the path the moment Flink reports it.
     */
    String savepoint(ActionContext ctx, boolean stop) {
        if (ctx.action().savepointPath() != null) {
            return ctx.action().savepointPath();
        }
        String flinkJobId = ctx.job().flinkJobId();
        if (flinkJobId == null) {
            throw new ActionFailure(
                    "Job '" + ctx.job().name() + "' has no Flink job to take a savepoint of");
        }
        if (ctx.action().triggerId() == null) {
            String triggerId = Ids.newId();
            ctx.record(
                    a ->
                            a.withTriggerId(triggerId)
                                    .withStep(stop ? "stop-triggering" : "savepoint-triggering"));
        }
        String triggerId = ctx.action().triggerId();
        String directory = ctx.job().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY);
        if (knownTrigger(ctx, flinkJobId, triggerId).isEmpty()) {
            retrying(
                    ctx,
                    () ->
                            stop
                                    ? ctx.flink.stopWithSavepoint(
                                            flinkJobId, directory, false, triggerId, null)
                                    : ctx.flink.triggerSavepoint(
                                            flinkJobId, directory, triggerId, null));
            LOG.info(
                    "Job {}: {} triggered ({})",
                    ctx.job().name(),
                    stop ? "stop with savepoint" : "savepoint",
                    triggerId);
        }
        SavepointOperationStatus status =
                await(
                        ctx,
                        properties.savepointTimeout(),
                        "the savepoint",
                        () -> {
                            SavepointOperationStatus s =
                                    ctx.flink.savepointStatus(flinkJobId, triggerId);
                            return s.isInProgress() ? null : s;
                        });
        if (status.isFailed()) {
            throw new ActionFailure(
                    "Savepoint failed: " + status.failureMessage(), status.failureStackTrace());
        }
        String path = status.location();
        // The job first: a server stopping between the two still finds the path through the
        // recorded trigger id, while a path only in the action would be missing from the job.
        ctx.updateJob(job -> job.withLastSavepoint(path));
        ctx.record(
                a ->
                        a.withSavepointPath(path)
                                .withStep(stop ? "stopped-with-savepoint" : "savepoint-taken"));
        LOG.info("Job {}: savepoint {}", ctx.job().name(), path);
        return path;
    }

    private Optional<SavepointOperationStatus> knownTrigger(
            ActionContext ctx, String flinkJobId, String triggerId) {
        try {
            return Optional.of(
                    retrying(ctx, () -> ctx.flink.savepointStatus(flinkJobId, triggerId)));
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Submits the job's jar as it is now in storage under the Flink job id the action chose before
     * submitting, restoring from {@code restorePath} when given, and waits until it RUNS. For an
     * Application-mode cluster, submitting means deploying the cluster again with that job.
     */
    void submit(ActionContext ctx, String restorePath) {
        if (ctx.action().flinkJobId() == null) {
            String chosen = Ids.newId();
            ctx.record(a -> a.withFlinkJobId(chosen).withStep("submitting"));
        }
        String flinkJobId = ctx.action().flinkJobId();
        if (ctx.application) {
            application.submit(ctx, flinkJobId, restorePath);
        } else if (stateOf(ctx, flinkJobId).isEmpty()) {
            runJar(ctx, flinkJobId, restorePath);
        }
        ctx.updateJob(
                current ->
                        current.withRun(flinkJobId, ctx.action().id())
                                .withStatus(JobStatus.INITIALIZING, null));
        ctx.record(a -> a.withStep("submitted"));
        FlinkJobState state =
                await(
                        ctx,
                        properties.submissionTimeout(),
                        "the job to run",
                        () -> {
                            FlinkJobState s = runningState(ctx, flinkJobId);
                            return s == FlinkJobState.RUNNING || s.isGloballyTerminal() ? s : null;
                        });
        if (state != FlinkJobState.RUNNING) {
            JobFailure failure = ctx.flink.jobFailure(flinkJobId).orElse(null);
            ctx.updateJob(
                    current ->
                            current.withStatus(
                                    JobStatus.fromFlink(state),
                                    failure == null ? null : failure.summary()));
            throw new ActionFailure(
                    "The job "
                            + state
                            + " instead of running"
                            + (failure == null ? "" : ": " + failure.summary()),
                    failure == null ? null : failure.stackTrace());
        }
        ctx.updateJob(current -> current.withStatus(JobStatus.RUNNING, null));
        ctx.record(a -> a.withStep("running"));
    }

    /** Uploads the job's jar as it is now in storage and runs it on the session cluster. */
    private void runJar(ActionContext ctx, String flinkJobId, String restorePath) {
        Job job = ctx.job();
        Path jar = JarFiles.requireJar(ctx.roots, job.jarDirectory(), job.jarName());
        String jarId = retrying(ctx, () -> ctx.flink.uploadJar(jar));
        try {
            JarRunRequest request =
                    JarRunRequest.builder()
                            .entryClass(job.entryClass())
                            .programArgs(JobService.splitArgs(job.args()))
                            .parallelism(
                                    Integer.parseInt(
                                            job.flinkConfiguration().get(JobService.PARALLELISM)))
                            .savepointPath(restorePath)
                            .jobId(flinkJobId)
                            .flinkConfiguration(
                                    RunConfiguration.jobKeys(
                                            job,
                                            ctx.cluster,
                                            clusterConfiguration.apply(ctx.cluster),
                                            properties.checkpointInterval()))
                            .build();
            ctx.flink.runJar(jarId, request);
        } catch (FlinkRequestException e) {
            // A run whose answer was lost may have gone through: Flink knows the id then.
            if (stateOf(ctx, flinkJobId).isEmpty()) {
                throw new ActionFailure("Flink refused the job: " + e.getMessage(), e.fullText());
            }
        } catch (FlinkUnavailableException e) {
            if (stateOf(ctx, flinkJobId).isEmpty()) {
                throw e;
            }
        } finally {
            deleteQuietly(ctx, jarId);
        }
    }

    /**
     * The job's state, where RUNNING also requires every task to run: Flink reports a job RUNNING
     * while its tasks still deploy, and a savepoint asked for then fails.
     */
    private FlinkJobState runningState(ActionContext ctx, String flinkJobId) {
        try {
            JobDetail detail = retrying(ctx, () -> ctx.flink.jobDetail(flinkJobId));
            boolean tasksRun =
                    detail.vertices().stream()
                            .allMatch(
                                    v ->
                                            "RUNNING".equals(v.status())
                                                    || "FINISHED".equals(v.status()));
            return detail.state() == FlinkJobState.RUNNING && !tasksRun
                    ? FlinkJobState.INITIALIZING
                    : detail.state();
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return FlinkJobState.INITIALIZING;
            }
            throw e;
        }
    }

    /** Cancels the job's current Flink job if it still runs, and waits until it ended. */
    void cancel(ActionContext ctx) {
        String flinkJobId = ctx.job().flinkJobId();
        Optional<FlinkJobState> state = stateOf(ctx, flinkJobId);
        if (state.isEmpty() || state.get().isGloballyTerminal()) {
            return;
        }
        try {
            retrying(
                    ctx,
                    () -> {
                        ctx.flink.cancelJob(flinkJobId);
                        return null;
                    });
        } catch (FlinkRequestException e) {
            // 409: it ended meanwhile; 404: it is gone. Either way it no longer runs.
            if (!e.isNotFound() && e.status() != 409) {
                throw new ActionFailure(
                        "Flink refused to cancel the job: " + e.getMessage(), e.fullText());
            }
        }
        awaitEnded(ctx, properties.cancelTimeout());
        ctx.record(a -> a.withStep("cancelled"));
    }

    /** Waits until the job's current Flink job reached a terminal state (or is gone). */
    FlinkJobState awaitEnded(ActionContext ctx, Duration timeout) {
        String flinkJobId = ctx.job().flinkJobId();
        return await(
                ctx,
                timeout,
                "the Flink job to end",
                () -> {
                    Optional<FlinkJobState> s = stateOf(ctx, flinkJobId);
                    return s.isEmpty()
                            ? FlinkJobState.UNKNOWN
                            : s.get().isGloballyTerminal() ? s.get() : null;
                });
    }

    /** True when the job's current Flink job exists and has not ended. */
    boolean isLive(ActionContext ctx) {
        String flinkJobId = ctx.job().flinkJobId();
        return flinkJobId != null
                && stateOf(ctx, flinkJobId).map(s -> !s.isGloballyTerminal()).orElse(false);
    }

    /** The Flink state of a job id, empty when Flink does not know it. */
    Optional<FlinkJobState> stateOf(ActionContext ctx, String flinkJobId) {
        if (flinkJobId == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(retrying(ctx, () -> ctx.flink.jobDetail(flinkJobId).state()));
        } catch (FlinkRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void deleteQuietly(ActionContext ctx, String jarId) {
        try {
            ctx.flink.deleteJar(jarId);
        } catch (RuntimeException e) {
            LOG.debug("Could not delete uploaded jar {}: {}", jarId, e.getMessage());
        }
    }

    /** Calls Flink, retrying while the cluster does not answer, up to the configured patience. */
    <T> T retrying(ActionContext ctx, Supplier<T> call) {
        Instant deadline = Instant.now().plus(properties.unavailableRetry());
        while (true) {
            try {
                return call.get();
            } catch (FlinkUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ActionFailure(
                            "Cluster '"
                                    + ctx.cluster.name()
                                    + "' did not answer for "
                                    + properties.unavailableRetry().toSeconds()
                                    + " s: "
                                    + e.getMessage());
                }
                pause();
            }
        }
    }

    private <T> T await(ActionContext ctx, Duration timeout, String what, Supplier<T> poll) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ActionFailure(
                        "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStopping();
        }
    }

    /** The server is shutting down: the action stays IN_PROGRESS and resumes on the next start. */
    static final class EngineStopping extends RuntimeException {
        EngineStopping() {
            super("engine stopping", null, false, false);
        }
    }
}
