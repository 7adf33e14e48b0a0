package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.action.CrashPlan.Stage;
import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.store.TestPostgres;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceProcess;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import dev.sluice.server.testing.TestFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two real Sluice server processes ("a" and "b") on one real PostgreSQL (issue 18): a token of one
 * works on the other; the server executing an UPDATE is killed with SIGKILL at the
 * stop-with-savepoint and at the submit step, and the other finishes it (exactly one live Flink
 * job, the savepoint kept, the counts continuing); 50 conflicting actions over both: one accepted;
 * a rolling restart (SIGTERM, start, for each) under reads and actions loses neither.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityITCase {

    private static final String POOL =
            "/subscriptions/ha/resourceGroups/rg/providers/Microsoft.HDInsight/clusterpools/pool";
    private static final String CLUSTER = POOL + "/clusters/flink";
    private static final String SAVEPOINT =
            "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"orders\","
                    + "\"action\":\"SAVEPOINT\"}}";

    private Path work;
    private LocalProcessDeployer deployer;
    private LocalCluster flinkCluster;
    private FlinkClient flink;
    private TestPostgres postgres;
    private DataSource database;
    private Holds holds;
    private Path data;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, SluiceProcess> servers = new LinkedHashMap<>();
    private volatile SluiceProcess current;
    private CrashLane lane;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    void start(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"),
                        TestFlink.runtimes(),
                        RestFlinkClient::new,
                        CrashLane.WAIT);
        flinkCluster =
                deployer.start(
                        new LocalClusterSpec(
                                "ha-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                4,
                                Map.of("taskmanager.memory.managed.size", "16m")));
        flink = new RestFlinkClient(flinkCluster.restUrl());
        postgres = TestPostgres.start();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE ha");
        }
        PGSimpleDataSource admin = (PGSimpleDataSource) postgres.dataSource();
        PGSimpleDataSource ha = new PGSimpleDataSource();
        ha.setServerNames(admin.getServerNames());
        ha.setPortNumbers(admin.getPortNumbers());
        ha.setDatabaseName("ha");
        ha.setUser("postgres");
        database = ha;
        properties.put(
                "spring.datasource.url",
                "jdbc:postgresql://"
                        + admin.getServerNames()[0]
                        + ":"
                        + admin.getPortNumbers()[0]
                        + "/ha");
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("sluice.observer.tick", "500ms");
        properties.put("sluice.actions.poll-interval", "200ms");
        properties.put("sluice.leases.duration", "6s");
        properties.put("sluice.leases.renew-every", "1s");
        // Behind one load balancer: one issuer name for both.
        properties.put("sluice.security.issuer", "http://sluice-ha.test");
        data = work.resolve("data");
        holds = new Holds(work.resolve("holds.properties"));
        holds.clear();
        startServer("a");
        startServer("b");
        current = servers.get("a");
    }

    @AfterAll
    void stopAll() throws Exception {
        servers.values().forEach(SluiceProcess::close);
        pool.shutdownNow();
        if (flink != null) {
            for (JobOverview job : flink.jobsOverview()) {
                if (!job.state().isGloballyTerminal()) {
                    flink.cancelJob(job.jobId());
                }
            }
        }
        if (deployer != null) {
            deployer.stopAll();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private void startServer(String id) {
        Map<String, String> own = new LinkedHashMap<>(properties);
        own.put("sluice.server.id", id);
        // One data dir for both (a shared volume in production): the Owner's credentials file.
        servers.put(id, SluiceProcess.start(data, holds.file(), work.resolve(id + ".log"), own));
    }

    @Test
    @Order(1)
    void aTokenFromOneServerWorksOnTheOtherAndThereIsOneOwner() throws Exception {
        SluiceProcess a = servers.get("a");
        SluiceProcess b = servers.get("b");
        String fromA = SluiceTestServer.ownerToken(data, a.port());
        String fromB = SluiceTestServer.ownerToken(data, b.port());

        assertThat(b.api().withToken(fromA).put(POOL, "{\"location\":\"local\"}").status())
                .isIn(200, 201);
        assertThat(a.api().withToken(fromB).get(POOL).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM security_principals")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM signing_keys")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theOtherServerFinishesAnUpdateWhoseServerWasKilled() throws Exception {
        Path jars = work.resolve("storage/jars");
        Files.createDirectories(jars);
        Files.copy(TestFlink.exampleJar("1.20", "v1"), jars.resolve("counter.jar"));
        createCluster();
        lane = new CrashLane("orders", CLUSTER, () -> current.api(), flink, holds, jars, work);
        for (String step : List.of("stopped-with-savepoint", "submitting")) {
            lane.prepare(new Stage("UPDATE", step)); // NEW first (uncrashed), then held at step
            String owner = actionOwner();
            String survivor = owner.equals("a") ? "b" : "a";
            current = servers.get(survivor);
            holds.clear();
            long killed = System.nanoTime();
            servers.get(owner).kill();

            lane.verify(current.port());

            System.out.printf(
                    "HighAvailabilityITCase: UPDATE held at %s on %s, killed; %s finished it %.1f"
                            + " s later%n",
                    step, owner, survivor, (System.nanoTime() - killed) / 1e9);
            verifyOneLiveFlinkJob();
            startServer(owner); // back for the next case, under its id
        }
        lane.verifySavepoints();
    }

    @Test
    @Order(3)
    void ofFiftyConflictingActionsOverBothServersOneIsAccepted() throws Exception {
        List<Future<Answer>> sent = new ArrayList<>();
        String body = SAVEPOINT;
        // The accepted one stays in progress (held) while the others arrive: they all conflict.
        holds.hold("orders", "savepoint-triggering");
        List<SluiceProcess> both = List.copyOf(servers.values());
        for (int i = 0; i < 50; i++) {
            ArmClient api = both.get(i % 2).api();
            sent.add(pool.submit(() -> api.post(CLUSTER + "/runJob", body)));
        }
        List<Integer> statuses = new ArrayList<>();
        String location = null;
        for (Future<Answer> answer : sent) {
            statuses.add(answer.get().status());
            if (answer.get().status() == 202) {
                location = answer.get().header("Location");
            }
        }

        assertThat(statuses.stream().filter(s -> s == 202).count()).as("" + statuses).isEqualTo(1);
        assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(202, 409));
        // Its server dies where it is held; the other one finishes it.
        await("the accepted SAVEPOINT held", CrashLane.WAIT, () -> heldActions() == 1);
        String owner = actionOwner();
        current = servers.get(owner.equals("a") ? "b" : "a");
        holds.clear();
        servers.get(owner).kill();
        assertThat(awaitEnded(location)).isEqualTo("SUCCESS");
        verifyOneLiveFlinkJob();
        startServer(owner);
    }

    @Test
    @Order(4)
    void aRollingRestartUnderLoadLosesNoRequestAndNoAction() throws Exception {
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> lost = new CopyOnWriteArrayList<>();
        List<String> operations = new CopyOnWriteArrayList<>();
        Future<?> reads =
                pool.submit(
                        () -> {
                            for (int i = 0; loading.get(); i++) {
                                Answer read =
                                        onAnyServer(i, api -> api.get(CLUSTER + "/jobs/orders"));
                                if (read != null && read.status() == 200) {
                                    served.incrementAndGet();
                                } else {
                                    lost.add(read == null ? "no server answered" : read.raw());
                                }
                            }
                            return null;
                        });
        Future<?> actions =
                pool.submit(
                        () -> {
                            for (int i = 0; loading.get(); i++) {
                                Answer accepted =
                                        onAnyServer(
                                                i, api -> api.post(CLUSTER + "/runJob", SAVEPOINT));
                                if (accepted != null && accepted.status() == 202) {
                                    String url = accepted.header("Location");
                                    operations.add(url);
                                    awaitEnded(url);
                                }
                            }
                            return null;
                        });

        for (String id : List.of("a", "b")) {
            servers.get(id).close(); // SIGTERM: its claims are handed back at once
            startServer(id);
        }
        loading.set(false);
        reads.get();
        actions.get();

        assertThat(lost).as("requests no server answered right").isEmpty();
        assertThat(served.get()).isPositive();
        assertThat(operations).isNotEmpty();
        for (String url : operations) {
            assertThat(awaitEnded(url)).as(url).isEqualTo("SUCCESS");
        }
        verifyOneLiveFlinkJob();
        System.out.printf(
                "HighAvailabilityITCase: rolling restart: %d reads served, %d SAVEPOINTs done%n",
                served.get(), operations.size());
    }

    /** The request on one server, on the other when the first does not answer (a load balancer). */
    private Answer onAnyServer(int i, Function<ArmClient, Answer> request) {
        List<SluiceProcess> both = List.copyOf(servers.values());
        for (int k = 0; k < both.size(); k++) {
            try {
                return request.apply(both.get((i + k) % both.size()).api());
            } catch (IllegalStateException e) {
                // connection refused or reset: that server is restarting
            }
        }
        return null;
    }

    /** Waits until the operation ended, asked of any live server; its actionResult. */
    private String awaitEnded(String url) {
        String[] result = new String[1];
        await(
                "operation " + url,
                CrashLane.WAIT,
                () -> {
                    for (SluiceProcess server : List.copyOf(servers.values())) {
                        try {
                            Answer answer =
                                    server.api()
                                            .getUrl(
                                                    url.replaceAll(
                                                            "127\\.0\\.0\\.1:\\d+",
                                                            "127.0.0.1:" + server.port()));
                            if (answer.status() == 200) {
                                result[0] =
                                        answer.body()
                                                .path("properties")
                                                .path("actionResult")
                                                .asString();
                                return true;
                            }
                            if (answer.status() == 202) {
                                return false;
                            }
                        } catch (IllegalStateException e) {
                            // restarting; ask the other
                        }
                    }
                    return false;
                });
        return result[0];
    }

    private long heldActions() {
        try {
            return count(
                    "SELECT COUNT(*) FROM job_actions WHERE result = 'IN_PROGRESS'"
                            + " AND step = 'savepoint-triggering'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server holding the one action lease held now. */
    private String actionOwner() throws Exception {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery(
                                "SELECT owner FROM leases WHERE work_key LIKE 'action:%'"
                                        + " AND owner IS NOT NULL")) {
            List<String> owners = new ArrayList<>();
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
            assertThat(owners).as("held action leases").hasSize(1);
            return owners.get(0);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void verifyOneLiveFlinkJob() {
        List<String> live =
                flink.jobsOverview().stream()
                        .filter(j -> !j.state().isGloballyTerminal())
                        .map(JobOverview::jobId)
                        .toList();
        assertThat(live).as("live Flink jobs").hasSize(1);
        assertThat(lane.flinkJobIds()).containsAll(live);
    }

    private void createCluster() {
        ExternalClusters.register(
                current.api(), CLUSTER, work.resolve("storage"), flinkCluster.restUrl());
    }
}
