package dev.sluice.server;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.AzuriteServer;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Azure storage end to end against Azurite, with real Flink 1.20.3 processes (their
 * flink-azure-fs-hadoop is 1.20.0): a session cluster whose storage is a {@code wasb://} root, a
 * jar put into the account with the Azure SDK (not through Sluice) and submitted from the seed's
 * NEW body with an {@code abfs://} jar directory; Flink's own WASB driver (emulator mode) writes
 * checkpoints, the STOP savepoint and, through Sluice, the aggregated logs to the account; the
 * savepoint is listed and START restores it, the counts continuing. A wrong key and a missing jar
 * are 400s naming the URI; an Application-mode cluster runs a jar given as an Azure URI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzureStorageEndToEndITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String POOL =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1";
    private static final String SESSION = POOL + "/clusters/session1";
    private static final String APP = POOL + "/clusters/app1";
    private static final String CONTAINER = "flink";
    private static final String HOST = "@" + AzuriteServer.ACCOUNT + ".blob.core.windows.net";
    private static final String ROOT = "wasb://" + CONTAINER + HOST + "/session1";
    private static final String ABFS_ROOT =
            "abfs://" + CONTAINER + "@" + AzuriteServer.ACCOUNT + ".dfs.core.windows.net/session1";
    private static final String WRONG_KEY = "d3Jvbmcta2V5LW5vdC10aGUtYWNjb3VudHM=";

    private Path work;
    private Path out;
    private AzuriteServer azurite;
    private BlobContainerClient sdk;
    private SluiceTestServer server;
    private ArmClient api;
    private String deploymentId;
    private String savepoint;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        out = work.resolve("out");
        azurite = AzuriteServer.startOnDevelopmentPort();
        sdk =
                new BlobServiceClientBuilder()
                        .connectionString(azurite.connectionString())
                        .buildClient()
                        .createBlobContainer(CONTAINER);
        // The jar reaches the account the way a user's pipeline puts it there: with the SDK.
        sdk.getBlobClient("session1/jars/counter.jar")
                .uploadFromFile(TestFlink.exampleJar(flinkLine(), "v1").toString());
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "sluice.storage.azure.endpoint",
                                "http://127.0.0.1:" + AzuriteServer.DEVELOPMENT_PORT + "/{account}",
                                "sluice.observer.tick",
                                "500ms",
                                "sluice.cluster-ready-timeout",
                                "180s"),
                        c -> {});
        api = server.api();
        assertThat(api.put(POOL, "{\"location\":\"local\"}").status()).isIn(200, 201);
    }

    @AfterAll
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
            new LocalProcessDeployer(
                            work.resolve("data"),
                            TestFlink.runtimes(),
                            RestFlinkClient::new,
                            Duration.ZERO)
                    .stopAll();
        } finally {
            if (azurite != null) {
                azurite.close();
            }
        }
    }

    @Test
    @Order(1)
    void aSessionClusterOnAzureStorageGetsTheAccountSettingsAndNoSecretIsShown()
            throws IOException {
        Answer created = api.put(SESSION, session(AzuriteServer.KEY));
        assertThat(created.status()).as(created.raw()).isIn(200, 201);
        awaitSucceeded(SESSION);

        Answer got = api.get(SESSION);
        assertThat(got.raw()).doesNotContain(AzuriteServer.KEY).doesNotContain("storagekey");
        JsonNode properties = got.body().path("properties");
        assertThat(properties.path("clusterProfile").path("flinkProfile").path("storage"))
                .hasToString("{\"storageUri\":\"" + ROOT + "\"}");
        deploymentId = properties.path("deploymentId").asString();
        Path dir = work.resolve("data/clusters").resolve(deploymentId);
        Path config = dir.resolve("conf/config.yaml");
        assertThat(Files.readString(config))
                .contains(
                        "fs.azure.storage.emulator.account.name: "
                                + AzuriteServer.ACCOUNT
                                + ".blob.core.windows.net");
        for (Path secretHolder : List.of(config, dir.resolve("cluster.json"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretHolder)))
                    .as(secretHolder.toString())
                    .isEqualTo("rw-------");
        }
        Path keyFile = work.resolve("data/security/azure-storage-keys/devstoreaccount1.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void aKeyTheAccountRefusesIsA400NamingTheUriAndDoesNotReplaceTheGoodOne() {
        Answer refused = api.put(POOL + "/clusters/wrongkey", session(WRONG_KEY));

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        // Azure answers a key that does not sign right with AuthenticationFailed, Azurite with a
        // 403 AuthorizationFailure; either way the message points at the key.
        assertThat(refused.errorCode())
                .as(refused.raw())
                .isIn("StorageAuthenticationFailed", "StorageAccessDenied");
        assertThat(refused.raw()).contains(ROOT).contains("storage key").doesNotContain(WRONG_KEY);
        assertThat(api.get(POOL + "/clusters/wrongkey").status()).isEqualTo(404);
        // The refused key is not kept: the account keeps the key session1 gave (the NEW below
        // reads the jar with it).
        assertThat(work.resolve("data/security/azure-storage-keys/devstoreaccount1.key"))
                .hasContent(AzuriteServer.KEY);
    }

    @Test
    @Order(3)
    void theSeedsNewBodyWithAnAbfsJarDirectoryRunsTheJarPutThereWithTheSdk() {
        // The seed's NEW body as it is (also without the comma it lacks); the jar directory in the
        // seed's abfs:// form, the savepoint directory in wasb:// (Flink's ABFS driver needs a DFS
        // endpoint, which Azurite does not have).
        String body =
                """
                {
                    "properties": {
                        "jobType": "FlinkJob",
                        "jobName": "seed",
                        "action": "NEW",
                        "jobJarDirectory": "%s/jars",
                        "jarName": "counter.jar",
                        "entryClass": "dev.sluice.examples.counter.CounterJob",
                        "args": "--output %s --rate 20 --keys 2"
                        "flinkConfiguration": {
                            "parallelism": "1",
                            "savepoint.directory": "%s/%s/savepoints",
                            "execution.checkpointing.interval": "1s"
                        }
                     }
                }
                """
                        .formatted(ABFS_ROOT, out, ROOT, deploymentId);

        JsonNode job = run(body);

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("RUNNING");
        await("counts", WAIT, () -> minCount(out) >= 40);
        // Flink's own WASB driver writes the retained checkpoints into the account.
        await(
                "a checkpoint in the account",
                WAIT,
                () -> blobs(deploymentId + "/checkpoints/seed/").anyMatch(n -> n.contains("chk-")));
    }

    @Test
    @Order(4)
    void aMissingJarIsA400NamingItsUri() {
        Answer missing =
                api.post(
                        SESSION + "/runJob",
                        """
                        {"properties":{"jobType":"FlinkJob","jobName":"nojar","action":"NEW",
                         "jobJarDirectory":"%s/jars","jarName":"nothing.jar",
                         "entryClass":"dev.sluice.examples.counter.CounterJob"}}
                        """
                                .formatted(ROOT));

        assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("JarNotFound");
        assertThat(missing.body().path("error").path("message").asString())
                .contains("'nothing.jar'")
                .contains(ROOT + "/jars");
    }

    @Test
    @Order(5)
    void stopWritesTheSavepointToTheAccountWhereItIsListedAndStartRestoresIt() throws IOException {
        JsonNode stopped = run(action("seed", "STOP"));

        assertThat(stopped.path("status").asString()).as(stopped.toString()).isEqualTo("STOPPED");
        savepoint = stopped.path("lastSavePoint").asString();
        assertThat(savepoint).startsWith(ROOT + "/" + deploymentId + "/savepoints/savepoint-");
        String blob = savepoint.substring(("wasb://" + CONTAINER + HOST + "/").length());
        assertThat(sdk.getBlobClient(blob + "/_metadata").exists()).as(blob).isTrue();

        JsonNode listed = api.get(SESSION + "/jobs/seed/savepoints").body().path("value");
        assertThat(listed).hasSize(1);
        JsonNode listedProperties = listed.get(0).path("properties");
        assertThat(listedProperties.path("path").asString()).isEqualTo(savepoint);
        assertThat(listedProperties.path("usable").asBoolean()).isTrue();
        assertThat(listedProperties.path("kind").asString()).isEqualTo("stop");

        long atStop = minCount(out);
        deleteCounts();
        JsonNode started = run(action("seed", "START"));

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        await("counts after START", WAIT, () -> counts(out).size() == 2);
        // Restored from the savepoint, every key counts on from where it stopped (a fresh start
        // would begin at 1).
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }

    @Test
    @Order(6)
    void theClustersLogsAreAggregatedIntoTheAccount() {
        await(
                "jobmanager.log in the account",
                WAIT,
                () ->
                        sdk.getBlobClient("session1/" + deploymentId + "/logs/jobmanager.log")
                                .exists());
        JsonNode listed = api.get(SESSION + "/logs").body();
        assertThat(listed.path("logDirectory").asString())
                .isEqualTo(ROOT + "/" + deploymentId + "/logs/");
        Answer tail = api.get(SESSION + "/logs/jobmanager.log?tail=5");
        assertThat(tail.status()).as(tail.raw()).isEqualTo(200);
        assertThat(tail.raw()).doesNotContain(AzuriteServer.KEY);
    }

    @Test
    @Order(7)
    void anApplicationClusterRunsAJarGivenAsAnAzureUri() {
        // One cluster's processes at a time on a shared machine.
        run(action("seed", "CANCEL"));
        Answer deleted = api.delete(SESSION);
        assertThat(deleted.status()).as(deleted.raw()).isIn(200, 202);
        await("session1 deleted", WAIT, () -> api.get(SESSION).status() == 404);
        Path appOut = work.resolve("app-out");

        Answer created =
                api.put(
                        APP,
                        """
                        {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                          "storage":{"storageUri":"%s"},
                          "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                          "numReplicas":1,"flinkVersion":"%s","deploymentMode":"Application",
                          "flinkConfiguration":{"taskmanager.memory.managed.size":"64m"},
                          "jobSpec":{"jobJarDirectory":"%s/jars","jarName":"counter.jar",
                            "entryClass":"dev.sluice.examples.counter.CounterJob",
                            "args":"--output %s --rate 20 --keys 2","upgradeMode":"UPDATE",
                            "flinkConfiguration":{"parallelism":"1"}}}}}}
                        """
                                .formatted(
                                        ROOT,
                                        TestFlink.TEST_MEMORY_MB,
                                        TestFlink.TEST_MEMORY_MB,
                                        flinkLine(),
                                        ROOT,
                                        appOut));
        assertThat(created.status()).as(created.raw()).isIn(200, 201);
        awaitSucceeded(APP);
        await(
                "app1 RUNNING",
                WAIT,
                () ->
                        "RUNNING"
                                .equals(
                                        api.get(APP + "/jobs/app1")
                                                .body()
                                                .path("properties")
                                                .path("status")
                                                .asString()));
        await("application counts", WAIT, () -> minCount(appOut) >= 5);
    }

    /** The Flink line the clusters run: its runtime's flink-azure-fs-hadoop is under test. */
    String flinkLine() {
        return "1.20";
    }

    private String session(String key) {
        return """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s","storagekey":"%s"},
                  "jobManager":{"cpu":1,"memory":%d},"taskManager":{"cpu":1,"memory":%d},
                  "numReplicas":1,"flinkVersion":"%s",
                  "flinkConfiguration":{"taskmanager.memory.managed.size":"64m",
                    "pipeline.log.aggregation.enabled":"true","pipeline.log.aggregation.interval":"2"}}}}}
                """
                .formatted(
                        ROOT, key, TestFlink.TEST_MEMORY_MB, TestFlink.TEST_MEMORY_MB, flinkLine());
    }

    private void awaitSucceeded(String cluster) {
        await(
                cluster + " provisioned",
                WAIT,
                () -> {
                    String state =
                            api.get(cluster)
                                    .body()
                                    .path("properties")
                                    .path("provisioningState")
                                    .asString();
                    assertThat(state).as(api.get(cluster).raw()).isNotEqualTo("Failed");
                    return "Succeeded".equals(state);
                });
    }

    private static String action(String job, String action) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\""
                + job
                + "\",\"action\":\""
                + action
                + "\"}}";
    }

    /** Sends runJob, expects 202, and polls Location until the action ended; returns the job. */
    private JsonNode run(String body) {
        Answer accepted = api.post(SESSION + "/runJob", body);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer[] last = new Answer[1];
        await(
                "action done",
                WAIT,
                () -> (last[0] = api.getUrl(accepted.header("Location"))).status() != 202);
        assertThat(last[0].status()).as(last[0].raw()).isEqualTo(200);
        JsonNode job = last[0].body().path("properties");
        assertThat(job.path("actionResult").asString()).as(job.toString()).isEqualTo("SUCCESS");
        return job;
    }

    /** Names of the blobs under {@code prefix} below the cluster's root. */
    private Stream<String> blobs(String prefix) {
        return sdk
                .listBlobs(
                        new com.azure.storage.blob.models.ListBlobsOptions()
                                .setPrefix("session1/" + prefix),
                        null)
                .stream()
                .map(BlobItem::getName);
    }

    private void deleteCounts() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
