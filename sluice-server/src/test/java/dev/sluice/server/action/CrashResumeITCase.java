package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.action.CrashPlan.ClusterStage;
import dev.sluice.server.action.CrashPlan.Stage;
import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.store.TestPostgres;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.KillSwitch;
import dev.sluice.server.testing.SluiceProcess;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import dev.sluice.server.testing.TestFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Kills a real Sluice server process with SIGKILL right after a 202 and right after every step an
 * action records, for every action and for cluster PUT and DELETE, restarts it on the same data
 * directory and database, and checks that each action ends as Flink's state warrants: exactly one
 * live Flink job per RUNNING job and none for the others, every savepoint recorded and usable, the
 * example job's counts continuing where state must survive. On H2 (the default datasource, so a
 * commit that is not on disk before the 202 fails it) every step; on PostgreSQL the 202 cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashResumeITCase {

    private static final String POOL =
            "/subscriptions/crash/resourceGroups/rg/providers/Microsoft.HDInsight/clusterpools/pool";
    private static final String CLUSTER = POOL + "/clusters/flink";

    private Path work;
    private LocalProcessDeployer deployer;
    private FlinkClient flink;
    private LocalCluster flinkCluster;
    private TestPostgres postgres;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private SluiceProcess server;
    private Path data;
    private final List<Path> dataDirs = new ArrayList<>();
    private Holds holds;
    private Map<String, String> properties;
    private Path serverLog;

    @BeforeAll
    void startFlink(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"),
                        TestFlink.runtimes(),
                        RestFlinkClient::new,
                        CrashLane.WAIT);
        // One cluster shared by every case: ten jobs of parallelism 1 at most at once.
        flinkCluster =
                deployer.start(
                        new LocalClusterSpec(
                                "crash-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                12,
                                Map.of("taskmanager.memory.managed.size", "16m")));
        flink = new RestFlinkClient(flinkCluster.restUrl());
    }

    @AfterAll
    void stopAll() throws Exception {
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
        stopServerClusters();
        if (deployer != null) {
            deployer.stopAll();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void h2ResumesAfterAKillAtEveryStep() throws Exception {
        crashEverywhere("h2", Map.of(), CrashPlan.LANES, CrashPlan.CLUSTER_ROUNDS);
    }

    @Test
    void postgresResumesAfterAKillRightAfterThe202() throws Exception {
        postgres = TestPostgres.start();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE crash");
        }
        PGSimpleDataSource admin = (PGSimpleDataSource) postgres.dataSource();
        Map<String, String> database = new LinkedHashMap<>();
        database.put(
                "spring.datasource.url",
                "jdbc:postgresql://"
                        + admin.getServerNames()[0]
                        + ":"
                        + admin.getPortNumbers()[0]
                        + "/crash");
        database.put("spring.datasource.username", "postgres");
        database.put("spring.datasource.password", "");
        crashEverywhere(
                "postgres",
                database,
                CrashPlan.ACCEPTED_LANES,
                List.of(CrashPlan.CLUSTER_ROUNDS.get(0), CrashPlan.CLUSTER_ROUNDS.get(1)));
    }

    private void crashEverywhere(
            String name,
            Map<String, String> database,
            Map<String, List<Stage>> plan,
            List<ClusterStage> clusterRounds)
            throws Exception {
        long started = System.nanoTime();
        Path dir = work.resolve(name);
        data = dir.resolve("data");
        dataDirs.add(data);
        serverLog = dir.resolve("server.log");
        Files.createDirectories(dir);
        holds = new Holds(dir.resolve("holds.properties"));
        holds.clear();
        properties = new LinkedHashMap<>(database);
        properties.put("sluice.observer.tick", "500ms");
        properties.put("sluice.actions.poll-interval", "200ms");
        // Every lane's action may be held at once.
        properties.put("sluice.actions.threads", "16");
        server = SluiceProcess.start(data, holds.file(), serverLog, properties);
        Path jars = dir.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        createCluster(dir);

        Map<String, CrashLane> lanes = new TreeMap<>();
        plan.keySet()
                .forEach(
                        lane ->
                                lanes.put(
                                        lane,
                                        new CrashLane(
                                                lane, CLUSTER, this::api, flink, holds, jars,
                                                dir)));
        int rounds = plan.values().stream().mapToInt(List::size).max().orElse(0);
        CrashClusters clusters = new CrashClusters(POOL, this::api, data, dir);
        for (int round = 0; round < rounds; round++) {
            long roundStart = System.nanoTime();
            holds.clear();
            List<CrashLane> active = new ArrayList<>();
            for (Map.Entry<String, List<Stage>> lane : plan.entrySet()) {
                if (round < lane.getValue().size()) {
                    active.add(lanes.get(lane.getKey()));
                }
            }
            int r = round;
            all(
                    active.stream()
                            .map(
                                    lane ->
                                            (Callable<Void>)
                                                    () -> {
                                                        lane.prepare(plan.get(lane.name()).get(r));
                                                        return null;
                                                    })
                            .toList());
            ClusterStage clusterStage =
                    round < clusterRounds.size() ? clusterRounds.get(round) : null;
            // Sent last, one after the other, and the server dies the moment the last one is
            // answered: its commit is milliseconds old then, and those before it are a few
            // hundred at most (within H2's default write delay of 500 ms, so without WRITE_DELAY=0
            // the last ones are lost and the test fails).
            List<Function<KillSwitch, Void>> lastSends = new ArrayList<>();
            if (clusterStage != null) {
                clusters.aim(clusterStage, lastSends);
            }
            active.stream()
                    .filter(CrashLane::accepted)
                    .forEach(
                            lane ->
                                    lastSends.add(
                                            killSwitch -> {
                                                lane.send(killSwitch);
                                                return null;
                                            }));
            KillSwitch killSwitch = new KillSwitch(server, lastSends.size());
            lastSends.forEach(send -> send.apply(killSwitch));
            server.kill();
            holds.clear();
            server = SluiceProcess.start(data, holds.file(), serverLog, properties);
            all(
                    active.stream()
                            .map(
                                    lane ->
                                            (Callable<Void>)
                                                    () -> {
                                                        lane.verify(server.port());
                                                        return null;
                                                    })
                            .toList());
            if (clusterStage != null) {
                clusters.verify(clusterStage);
            }
            verifyFlinkJobs(lanes.values());
            System.out.printf(
                    "CrashResumeITCase %s round %d: %s%s in %.1f s%n",
                    name,
                    round + 1,
                    active.stream().map(l -> l.name() + " " + l.stage()).toList(),
                    clusterStage == null ? "" : " + cluster " + clusterStage,
                    (System.nanoTime() - roundStart) / 1e9);
        }
        for (CrashLane lane : lanes.values()) {
            lane.verifySavepoints();
        }
        all(
                lanes.values().stream()
                        .map(
                                lane ->
                                        (Callable<Void>)
                                                () -> {
                                                    lane.startAgainIfStopped();
                                                    return null;
                                                })
                        .toList());
        verifyFlinkJobs(lanes.values());
        System.out.printf(
                "CrashResumeITCase %s: %d crashes in %d rounds, %.1f s%n",
                name,
                plan.values().stream().mapToInt(List::size).sum() + clusterRounds.size(),
                rounds,
                (System.nanoTime() - started) / 1e9);
    }

    /** Each case leaves the shared Flink cluster empty, also when it failed half-way. */
    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
            server = null;
        }
        cancelEverything();
        stopServerClusters();
    }

    /** The local clusters the servers started outlive them by design: stopped here. */
    private void stopServerClusters() {
        for (Path dataDir : dataDirs) {
            new LocalProcessDeployer(
                            dataDir.resolve("clusters"),
                            TestFlink.runtimes(),
                            RestFlinkClient::new,
                            Duration.ZERO)
                    .stopAll();
        }
    }

    private ArmClient api() {
        return server.api();
    }

    private void createCluster(Path dir) {
        assertThat(api().put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
        ExternalClusters.register(api(), CLUSTER, dir.resolve("storage"), flinkCluster.restUrl());
    }

    /**
     * Exactly one live Flink job per RUNNING job (the one it records) and none for the others:
     * asked of the Flink cluster itself, which only these jobs use.
     */
    private void verifyFlinkJobs(Iterable<CrashLane> lanes) {
        List<String> live =
                flink.jobsOverview().stream()
                        .filter(j -> !j.state().isGloballyTerminal())
                        .map(JobOverview::jobId)
                        .toList();
        List<String> expected = new ArrayList<>();
        for (CrashLane lane : lanes) {
            List<String> mine = live.stream().filter(lane.flinkJobIds()::contains).toList();
            if (lane.running()) {
                assertThat(mine).as(lane.name() + " live Flink jobs").hasSize(1);
                expected.addAll(mine);
            } else {
                assertThat(mine).as(lane.name() + " live Flink jobs").isEmpty();
            }
        }
        assertThat(live)
                .as("every live Flink job belongs to a RUNNING job")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private void cancelEverything() {
        for (JobOverview job : flink.jobsOverview()) {
            if (!job.state().isGloballyTerminal()) {
                flink.cancelJob(job.jobId());
            }
        }
        await(
                "every Flink job ended",
                CrashLane.WAIT,
                () -> flink.jobsOverview().stream().allMatch(j -> j.state().isGloballyTerminal()));
    }

    /** Runs the tasks at once and rethrows the first failure. */
    private void all(List<Callable<Void>> tasks) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : tasks) {
            futures.add(pool.submit(task));
        }
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw (Error) e.getCause();
            }
        }
    }
}
