package dev.sluice.server.observe;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Polls every cluster's Flink and records what it says about Sluice's jobs (status, failure reason,
 * latest checkpoint, the savepoint a run ended with); it never acts on Flink. One {@code
 * jobsOverview} call per cluster and round, so the cost grows with clusters, not jobs.
 */
@Component
class JobStatusObserver implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobStatusObserver.class);

    /** Credentials in a URL's user info ({@code http://user:secret@host}) must not reach logs. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/\\s@]+@");

    private final Supplier<List<ClusterRecord>> clusters;
    private final Function<ClusterRecord, FlinkClient> clients;
    private final JobStore jobs;
    private final ObserverProperties properties;
    private final CheckpointFetcher checkpoints;
    private final FailureCauses causes;
    private final JobManagerRestarts restarts;
    private final ClusterStatuses statuses;

    /** The last problem logged per cluster id, so a cluster that stays down is logged once. */
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    private final FinishedRuns finished;

    /** How long a run that never ran may stay unlisted before Flink is taken to have lost it. */
    static final Duration NOT_LISTED_GRACE = Duration.ofMinutes(2);

    private @Nullable ScheduledExecutorService scheduler;
    private volatile boolean stopping;

    @Autowired
    JobStatusObserver(
            ClusterRegistry registry,
            JobStore jobs,
            ResourceStore resources,
            ObserverProperties properties,
            ObservationClaims claims,
            JobManagerRestarts restarts) {
        // Only the clusters whose observation this server holds (issue 18: several servers).
        this(
                () -> claims.mine(registry.all()),
                registry::client,
                jobs,
                resources,
                properties,
                System::nanoTime,
                restarts);
    }

    JobStatusObserver(
            Supplier<List<ClusterRecord>> clusters,
            Function<ClusterRecord, FlinkClient> clients,
            JobStore jobs,
            ResourceStore resources,
            ObserverProperties properties,
            LongSupplier nanoTime) {
        this(clusters, clients, jobs, resources, properties, nanoTime, JobManagerRestarts.NONE);
    }

    JobStatusObserver(
            Supplier<List<ClusterRecord>> clusters,
            Function<ClusterRecord, FlinkClient> clients,
            JobStore jobs,
            ResourceStore resources,
            ObserverProperties properties,
            LongSupplier nanoTime,
            JobManagerRestarts restarts) {
        this.clusters = clusters;
        this.restarts = restarts;
        this.statuses = new ClusterStatuses(resources);
        this.clients = clients;
        this.jobs = jobs;
        this.properties = properties;
        this.checkpoints = new CheckpointFetcher(properties.checkpointEvery(), nanoTime);
        this.causes = new FailureCauses(properties.causeRereadAfter(), System::currentTimeMillis);
        this.finished = new FinishedRuns(properties.finishedGrace(), nanoTime);
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (!properties.enabled()) {
            LOG.info("Job status observer disabled (sluice.observer.enabled=false)");
            return;
        }
        if (scheduler != null || stopping) {
            return;
        }
        ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-observer"));
        long every = properties.tick().toNanos();
        executor.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.NANOSECONDS);
        scheduler = executor;
        LOG.info("Job status observer started, every {}", properties.tick());
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        stopping = true;
        if (scheduler == null) {
            return;
        }
        // No interrupt first: an interrupted Flink call reads as "cluster unreachable".
        scheduler.shutdown();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }

    /** True while the scheduler runs (for tests of the lifecycle). */
    synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    private void safeTick() {
        // An exception escaping a scheduled task silently cancels all its later runs.
        try {
            io.micrometer.core.instrument.Metrics.timer("sluice.observer.round").record(this::tick);
        } catch (RuntimeException e) {
            LOG.warn("Job status observer round failed: {}", redact(e.toString()));
        }
    }

    /** One observation round over every cluster that has a Flink REST URL. */
    void tick() {
        for (ClusterRecord cluster : clusters.get()) {
            if (stopping) {
                return;
            }
            if (cluster.restUrl() == null) {
                continue;
            }
            try {
                observe(cluster);
            } catch (RuntimeException e) {
                problem(cluster, redact(e.toString()));
            }
        }
        checkpoints.forgetExpired();
        finished.forgetStale();
    }

    private void observe(ClusterRecord cluster) {
        // Jobs are read before Flink is asked, so the overview is never older than the snapshot: a
        // run submitted before the snapshot is in the overview, and a job changed after it is
        // skipped by the re-check under the row lock. The other order would see a run an action
        // just started as "vanished".
        List<Job> followed =
                jobs.listByCluster(cluster.id()).stream()
                        .filter(JobStatusObserver::followed)
                        .toList();
        FlinkClient flink = clients.apply(cluster);
        JobManagerRestarts.Round jobManager = restarts.round(cluster);
        Map<String, JobOverview> known = new HashMap<>();
        try {
            for (JobOverview job : flink.jobsOverview()) {
                known.put(job.jobId(), job);
            }
        } catch (FlinkUnavailableException e) {
            if (stopping) {
                return; // our own shutdown, not the cluster's fault
            }
            String reason = "cluster " + cluster.name() + " unreachable: " + redact(e.getMessage());
            for (Job job : followed) {
                Observed observed = jobManager.unreachable(job, Observed.unreachable(reason));
                record(job, observed, job.restorePoints().checkpoint());
            }
            Optional<URI> moved = jobManager.movedTo();
            if (moved.isPresent()) {
                // Its old ports were taken: the next round asks the JobManager where it is now.
                LOG.warn("Cluster {} answers at {} now", cluster.name(), moved.get());
                statuses.moved(cluster, moved.get());
                return;
            }
            statuses.set(cluster, ClusterStatuses.UNREACHABLE, reason);
            problem(cluster, reason);
            return;
        }
        statuses.set(cluster, ClusterStatuses.RUNNING, null);
        if (problems.remove(cluster.id()) != null) {
            LOG.info("Cluster {} answers again", cluster.name());
        }
        for (Job job : followed) {
            try {
                observe(flink, jobManager, job, known.get(job.run().flinkJobId()));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Observing job {} of cluster {} failed: {}",
                        job.name(),
                        cluster.name(),
                        redact(e.toString()));
            }
        }
    }

    private void observe(
            FlinkClient flink,
            JobManagerRestarts.Round jobManager,
            Job job,
            @Nullable JobOverview seen) {
        if (seen == null) {
            // Not FAILED: a JobManager started again after the run was launched lost it.
            Optional<Observed> lost = jobManager.vanished(job);
            if (lost.isPresent()) {
                record(job, lost.get(), job.restorePoints().checkpoint());
                return;
            }
            if (notListedYet(job)) {
                return;
            }
            record(
                    job,
                    Observed.vanished(job.run().flinkJobId()),
                    job.restorePoints().checkpoint());
            return;
        }
        Observed observed = Observed.of(seen.state());
        if (seen.state() == FlinkJobState.FAILED) {
            // One lookup per failure, more only while Flink has not reported the root cause.
            String reason = causes.reason(flink, job, seen);
            if (reason == null) {
                return; // asked again on a later round
            }
            observed = observed.withReason(reason);
        } else if (seen.state() == FlinkJobState.FINISHED) {
            // Not live either: one lookup per ended run, to learn whether a savepoint stopped it.
            observed = finished.observe(flink, job);
            if (observed == null) {
                return; // asked again next round
            }
        }
        String checkpoint =
                seen.state() == FlinkJobState.RUNNING
                        ? checkpoints.latest(flink, job)
                        : job.restorePoints().checkpoint();
        record(job, observed, checkpoint);
    }

    /**
     * An Application-mode JobManager answers REST before its main() submitted the job: a run that
     * never showed RUNNING is not "vanished" until it had time to appear.
     */
    private static boolean notListedYet(Job job) {
        return job.run().status() == JobStatus.INITIALIZING
                && job.updatedAt() != null
                && job.updatedAt().isAfter(Instant.now().minus(NOT_LISTED_GRACE));
    }

    /** Writes only a real change, and only if no action or new run got to the job meanwhile. */
    private void record(Job seen, Observed observed, @Nullable String checkpoint) {
        boolean newCheckpoint = !Objects.equals(checkpoint, seen.restorePoints().checkpoint());
        if (!observed.differsFrom(seen) && !newCheckpoint) {
            return;
        }
        Job stored;
        try {
            stored = jobs.update(seen.id(), current -> apply(current, seen, observed, checkpoint));
        } catch (NoSuchElementException e) {
            return; // deleted meanwhile: nothing left to record
        }
        if (observed.differsFrom(seen) && !observed.differsFrom(stored)) {
            LOG.info(
                    "Job {} ({}) is {}{}{}",
                    seen.name(),
                    seen.run().flinkJobId(),
                    observed.status(),
                    observed.reason() == null ? "" : ": " + observed.reason(),
                    observed.savepoint() == null ? "" : "; savepoint " + observed.savepoint());
        }
    }

    private static Job apply(
            Job current, Job seen, Observed observed, @Nullable String checkpoint) {
        // Whoever changed the job since the snapshot knows better than this round's observation.
        if (current.lastAction().activeId() != null
                || !Objects.equals(current.run().flinkJobId(), seen.run().flinkJobId())
                || current.run().status() != seen.run().status()) {
            return current;
        }
        Job next = current.withStatus(observed.status(), observed.reason());
        next = FailureCauses.completeOutput(next, seen, observed.reason());
        if (observed.savepoint() != null) {
            next = next.withLastSavepoint(observed.savepoint());
        }
        return Objects.equals(checkpoint, seen.restorePoints().checkpoint())
                ? next
                : next.withLastCheckpoint(checkpoint);
    }

    private void problem(ClusterRecord cluster, String text) {
        if (!text.equals(problems.put(cluster.id(), text))) {
            LOG.warn("Observing cluster {} failed: {}", cluster.name(), text);
        } else {
            LOG.debug("Observing cluster {} still fails: {}", cluster.name(), text);
        }
    }

    private static boolean followed(Job job) {
        // A job with an action in progress is reported by the action engine, not by us; an ended
        // run only while Flink owes it a root cause.
        return job.run().flinkJobId() != null
                && job.lastAction().activeId() == null
                && (job.run().status().isLive() || job.run().causePending());
    }

    static String redact(@Nullable String text) {
        return text == null ? "(no message)" : USER_INFO.matcher(text).replaceAll("***@");
    }
}
