package dev.sluice.server.observe;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobRun;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.job.LastAction;
import dev.sluice.server.job.RestorePoints;
import dev.sluice.server.store.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Real stores on a fresh in-memory H2 database migrated by Flyway, one fake Flink per cluster, and
 * a hand-driven nanosecond clock for the checkpoint throttle.
 */
final class ObserverFixture {

    static final String POOL =
            "/subscriptions/s1/resourcegroups/rg/providers/microsoft.hdinsight/clusterpools/pool";

    final JobStore jobs;
    final ResourceStore resources;
    final JdbcClient jdbc;
    final DataSourceTransactionManager transactions;
    final Leases leases;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Map<String, FakeFlinkClient> flinks = new ConcurrentHashMap<>();

    ObserverFixture() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:observer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        this.transactions = new DataSourceTransactionManager(ds);
        this.jdbc = JdbcClient.create(ds);
        this.jobs = new JobStore(jdbc, transactions);
        this.resources = new ResourceStore(jdbc, transactions);
        this.leases = leases("a");
    }

    /** The leases of a server called {@code server} on this database. */
    Leases leases(String server) {
        return new Leases(jdbc, transactions, Duration.ofMinutes(1), server, Clock.systemUTC());
    }

    JobStatusObserver observer() {
        return observer(
                new ObserverProperties(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        true,
                        Duration.ZERO,
                        Duration.ZERO),
                resources::listAllClusters);
    }

    JobStatusObserver observer(
            ObserverProperties properties, Supplier<List<ClusterRecord>> clusters) {
        return new JobStatusObserver(
                clusters, this::client, jobs, resources, properties, nanos::get);
    }

    private FlinkClient client(ClusterRecord cluster) {
        FakeFlinkClient flink = flinks.get(cluster.id());
        if (flink == null) {
            throw new AssertionError("no Flink client expected for " + cluster.name());
        }
        return flink;
    }

    /** A provisioned, running cluster with its own fake Flink. */
    ClusterRecord cluster(String name) {
        return cluster(name, "Succeeded", "Running", "http://" + name + ":8081");
    }

    ClusterRecord cluster(String name, String provisioningState, String status, String restUrl) {
        ClusterRecord cluster =
                resources.upsertCluster(
                        new ClusterRecord(
                                POOL + "/clusters/" + name,
                                POOL,
                                name,
                                "westeurope",
                                Map.of(),
                                "{}",
                                true,
                                restUrl,
                                "file:///tmp/sluice/" + name,
                                "1.20",
                                provisioningState,
                                status,
                                null,
                                null,
                                null));
        if (restUrl != null) {
            flinks.put(cluster.id(), new FakeFlinkClient());
        }
        return cluster;
    }

    FakeFlinkClient flink(ClusterRecord cluster) {
        return flinks.get(cluster.id());
    }

    Job job(ClusterRecord cluster, String name, JobStatus status, String flinkJobId) {
        return job(cluster, name, status, null, flinkJobId, null);
    }

    Job job(
            ClusterRecord cluster,
            String name,
            JobStatus status,
            String reason,
            String flinkJobId,
            String activeActionId) {
        return jobs.insert(
                new Job(
                        0,
                        cluster.id(),
                        name,
                        new JobSpec(
                                "file:///tmp/sluice/jars",
                                "job.jar",
                                "dev.sluice.Example",
                                "",
                                Map.of("parallelism", "2")),
                        new JobRun("run-" + name, flinkJobId, status, reason),
                        new LastAction(null, null, null, activeActionId),
                        RestorePoints.NONE,
                        null,
                        null));
    }

    Job reload(Job job) {
        return jobs.findById(job.id()).orElseThrow();
    }

    ClusterRecord reload(ClusterRecord cluster) {
        return resources.findCluster(cluster.id()).orElseThrow();
    }

    static String flinkJobId(int n) {
        return String.format("%032x", n);
    }

    static JobOverview seen(String flinkJobId, FlinkJobState state) {
        return new JobOverview(flinkJobId, "job", state, 1L, null, 1L, 1L);
    }
}
