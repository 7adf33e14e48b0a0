package dev.sluice.server.lifecycle;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.store.TestPostgres;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.HoldingProxy;
import dev.sluice.server.testing.SluiceProcess;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import dev.sluice.server.testing.TestFlink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two real server processes ("a" and "b") on one real PostgreSQL (issue 18): the server running a
 * cluster PUT (an external Flink cluster that does not answer yet) is killed with SIGKILL, and the
 * other takes the operation over once the lease expired and finishes it against the real Flink; a
 * local-process cluster is refused with a 409 while both servers live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTakeoverITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String POOL =
            "/subscriptions/takeover/resourceGroups/rg/providers/Microsoft.HDInsight"
                    + "/clusterpools/pool";

    private Path work;
    private LocalProcessDeployer deployer;
    private LocalCluster flinkCluster;
    private TestPostgres postgres;
    private DataSource database;
    private Holds holds;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, SluiceProcess> servers = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        flinkCluster =
                deployer.start(
                        new LocalClusterSpec(
                                "takeover-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                1,
                                Map.of("taskmanager.memory.managed.size", "16m")));
        postgres = TestPostgres.start();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE takeover");
        }
        PGSimpleDataSource admin = (PGSimpleDataSource) postgres.dataSource();
        PGSimpleDataSource takeover = new PGSimpleDataSource();
        takeover.setServerNames(admin.getServerNames());
        takeover.setPortNumbers(admin.getPortNumbers());
        takeover.setDatabaseName("takeover");
        takeover.setUser("postgres");
        database = takeover;
        properties.put(
                "spring.datasource.url",
                "jdbc:postgresql://"
                        + admin.getServerNames()[0]
                        + ":"
                        + admin.getPortNumbers()[0]
                        + "/takeover");
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("sluice.leases.duration", "6s");
        properties.put("sluice.leases.renew-every", "1s");
        properties.put("sluice.security.issuer", "http://sluice-ha.test");
        holds = new Holds(work.resolve("holds.properties"));
        holds.clear();
        startServer("a");
        startServer("b");
        assertThat(servers.get("a").api().put(POOL, "{\"location\":\"local\"}").status())
                .isIn(200, 201);
    }

    private void startServer(String id) {
        Map<String, String> own = new LinkedHashMap<>(properties);
        own.put("sluice.server.id", id);
        servers.put(
                id,
                SluiceProcess.start(
                        work.resolve("data"), holds.file(), work.resolve(id + ".log"), own));
    }

    @AfterAll
    void stopAll() throws Exception {
        servers.values().forEach(SluiceProcess::close);
        if (deployer != null) {
            deployer.stopAll();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theOtherServerFinishesAClusterPutWhoseServerWasKilled() throws Exception {
        String cluster = POOL + "/clusters/late";
        try (HoldingProxy flink = new HoldingProxy()) {
            Answer put =
                    servers.get("a")
                            .api()
                            .put(
                                    cluster,
                                    """
                                    {"location":"local","properties":{"clusterType":"Flink",
                                     "clusterProfile":{"flinkProfile":{"storage":{"storageUri":"%s"},
                                     "flinkVersion":"1.20","restUrl":"%s"}}}}
                                    """
                                            .formatted(
                                                    work.resolve("storage").toUri(), flink.url()));
            assertThat(put.status()).as(put.raw()).isEqualTo(201);
            String key = "cluster:" + cluster.toLowerCase(java.util.Locale.ROOT);
            // The server running it waits on Flink, which holds the connection unanswered.
            await("the PUT's lease held", WAIT, () -> holder(key).isPresent());
            String owner = holder(key).orElseThrow();
            long fence = fence(key);
            String survivor = owner.equals("a") ? "b" : "a";
            long killed = System.nanoTime();
            servers.get(owner).kill();
            flink.forwardTo(flinkCluster.restUrl());

            SluiceProcess other = servers.get(survivor);
            await(
                    "the cluster provisioned by " + survivor,
                    WAIT,
                    () ->
                            "Succeeded"
                                    .equals(
                                            other.api()
                                                    .get(cluster)
                                                    .body()
                                                    .path("properties")
                                                    .path("provisioningState")
                                                    .asString()));
            System.out.printf(
                    "ClusterTakeoverITCase: PUT running on %s, killed; %s finished it %.1f s"
                            + " later%n",
                    owner, survivor, (System.nanoTime() - killed) / 1e9);
            assertThat(
                            text(
                                    "SELECT status FROM operations WHERE resource_id = ?",
                                    cluster.toLowerCase(java.util.Locale.ROOT)))
                    .contains("Succeeded");
            assertThat(fence(key)).as("the takeover's fence").isGreaterThan(fence);
            assertThat(holder(key)).as("handed back once done").isEmpty();
            startServer(owner);
        }
    }

    @Test
    void aLocalProcessClusterIsRefusedWhileTwoServersShareTheDatabase() {
        Answer refused =
                servers.get("b")
                        .api()
                        .put(
                                POOL + "/clusters/local",
                                """
                                {"location":"local","properties":{"clusterType":"Flink",
                                 "clusterProfile":{"flinkProfile":{"storage":{"storageUri":"%s"},
                                 "jobManager":{"cpu":1,"memory":%d},
                                 "taskManager":{"cpu":1,"memory":%d},"numReplicas":1,
                                 "flinkVersion":"1.20"}}}}
                                """
                                        .formatted(
                                                work.resolve("local").toUri(),
                                                TestFlink.TEST_MEMORY_MB,
                                                TestFlink.TEST_MEMORY_MB));

        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("LocalClusterNeedsOneServer");
        assertThat(servers.get("a").api().get(POOL + "/clusters/local").status()).isEqualTo(404);
    }

    private Optional<String> holder(String key) {
        return Optional.ofNullable(
                text("SELECT owner FROM leases WHERE work_key = ? AND owner IS NOT NULL", key));
    }

    private long fence(String key) {
        return Long.parseLong(text("SELECT fence FROM leases WHERE work_key = ?", key));
    }

    private String text(String sql, String parameter) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
