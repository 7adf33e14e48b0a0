package dev.sluice.server.action;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.ActionProperties;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One job with one action in a fresh in-memory database, on a session cluster served by an {@link
 * EngineFlink}: what a plan needs to run as the engine would run it, with fast polling.
 */
final class EngineFixture implements AutoCloseable {

    static final String CLUSTER = "/subscriptions/s/resourcegroups/g/providers/sluice/clusters/c1";
    static final String FLINK_JOB = "0123456789abcdef0123456789abcdef";

    static final ActionProperties PROPERTIES =
            new ActionProperties(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    1);

    final EngineFlink flink = new EngineFlink();
    final FlinkCalls calls = new FlinkCalls(PROPERTIES);

    /** One launcher for all actions, as the engine has: it remembers the jars it uploaded. */
    final JobLauncher session = new SessionLauncher(calls, c -> Map.of());

    final List<String> recordedSteps = new ArrayList<>();
    final JobStore jobs;
    final ActionStore actions;
    final Leases leases;
    final DataSourceTransactionManager transactionManager;
    final JdbcClient jdbc;

    /** The lease of the action last started. */
    Lease lease;

    final SavepointHistory history;
    final AlertOutbox alerts;

    EngineFixture() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:engine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).load().migrate();
        jdbc = JdbcClient.create(h2);
        transactionManager = new DataSourceTransactionManager(h2);
        jobs = new JobStore(jdbc, transactionManager);
        actions = new ActionStore(jdbc);
        leases =
                new Leases(
                        jdbc, transactionManager, Duration.ofMinutes(5), "test", Clock.systemUTC());
        history = new SavepointHistory(jdbc);
        alerts = new AlertOutbox(jdbc, new ResourceStore(jdbc, transactionManager));
    }

    /** A job whose run {@link #FLINK_JOB} has {@code status}, saving into {@code savepoints}. */
    Job job(JobStatus status, Path savepoints) {
        return job(status, savepoints, Map.of());
    }

    /** As {@link #job(JobStatus, Path)}, with more keys in its Flink configuration. */
    Job job(JobStatus status, Path savepoints, Map<String, String> keys) {
        Map<String, String> configuration = new HashMap<>(keys);
        configuration.put(JobService.SAVEPOINT_DIRECTORY, savepoints.toString());
        configuration.put(JobService.PARALLELISM, "1");
        JobSpec spec = new JobSpec("jars", "job.jar", "example.Main", "", configuration);
        Job created = jobs.insert(Job.create(CLUSTER, "orders", spec, null, Instant.now()));
        return jobs.update(
                created.id(), j -> j.withRun(FLINK_JOB, "earlier").withStatus(status, null));
    }

    /** An action of {@code type} on {@code job} that already recorded {@code progress}. */
    JobAction action(Job job, JobActionType type, ActionProgress progress) {
        return action(job, type, progress, Map.of());
    }

    /** As {@link #action(Job, JobActionType, ActionProgress)}, asked with {@code parameters}. */
    JobAction action(
            Job job, JobActionType type, ActionProgress progress, Map<String, String> parameters) {
        JobAction created =
                JobAction.create(
                        UUID.randomUUID().toString().replace("-", ""),
                        job,
                        type,
                        "alice@example.com",
                        parameters,
                        Instant.now());
        actions.insert(created);
        return actions.update(
                new JobAction(
                        created.id(),
                        created.jobId(),
                        created.clusterId(),
                        created.jobName(),
                        created.type(),
                        created.principal(),
                        created.parameters(),
                        progress,
                        created.outcome(),
                        created.createdAt(),
                        created.updatedAt()));
    }

    /** The action as it starts (or resumes) on the session cluster, roots at {@code root}. */
    ActionRun start(JobAction action, Path root) {
        return start(action, root, session);
    }

    /** As {@link #start(JobAction, Path)}, launching through {@code launcher}. */
    ActionRun start(JobAction action, Path root, JobLauncher launcher) {
        ActionRecorder recorder =
                new ActionRecorder(
                        jobs,
                        actions,
                        a -> recordedSteps.add(a.progress().step()),
                        leases,
                        lease = leases.claim("action:" + action.id()).orElseThrow(),
                        history,
                        alerts);
        Job job = jobs.findById(action.jobId()).orElseThrow();
        ClusterRecord cluster =
                new ClusterRecord(
                        CLUSTER,
                        null,
                        "c1",
                        "local",
                        Map.of(),
                        "{}",
                        true,
                        "http://localhost:1",
                        root.toString(),
                        "1.20",
                        "Succeeded",
                        "Running",
                        null,
                        Instant.now(),
                        Instant.now());
        return ActionRun.start(
                recorder,
                launcher,
                action,
                job,
                cluster,
                flink,
                StorageRoots.forRoot(root.toString()));
    }

    @Override
    public void close() {
        jdbc.sql("SHUTDOWN").update();
    }
}
