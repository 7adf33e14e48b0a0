package dev.sluice.server.lifecycle;

import static dev.sluice.server.lifecycle.ApplicationClusterFixture.CLUSTER;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.WAIT;
import static dev.sluice.server.lifecycle.ApplicationClusterFixture.action;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
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
 * Rollback of a failed upgrade of an Application-mode cluster ({@code sluice.update.rollback} in
 * its jobSpec), with real Flink processes and the example counter job: a PATCH to arguments whose
 * fail marker is there ends FAILED with "rolled back", the cluster runs v1 again from the upgrade's
 * savepoint with the counts going on, and its GET shows the previous jobSpec; a server stopped
 * right after the rollback cancelled the new version leaves it to the next server; a runJob UPDATE
 * after a jar without the job's class was uploaded over the job's runs the jar kept of the last run
 * again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationRollbackITCase {

    private Path out;
    private Path marker;
    private String args;
    private ApplicationClusterFixture sluice;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        sluice = ApplicationClusterFixture.start(work);
        out = sluice.out();
        marker = work.resolve("fail-marker");
        args = "--output " + out + " --rate 20 --keys 2";
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void aClusterWithRollbackRunsItsJob() {
        String body =
                sluice.cluster(TestFlink.TEST_MEMORY_MB, "counter.jar", null)
                        .replace(
                                "\"flinkConfiguration\":{\"parallelism\":\"1\",",
                                "\"flinkConfiguration\":{\"parallelism\":\"1\","
                                        + "\"restart-strategy.type\":\"none\","
                                        + "\"sluice.update.rollback\":\"true\","
                                        + "\"sluice.update.rollback.timeout\":\"20s\",");
        Answer created = sluice.api().put(CLUSTER, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        awaitOperation(created.header("Azure-AsyncOperation"));
        await("job RUNNING", WAIT, () -> "RUNNING".equals(sluice.job().path("status").asString()));
        await("counts", WAIT, () -> minCount(out) >= 20);
        assertThat(sluice.job().path("policies").path("updateRollback").asString())
                .contains("PT20S");
    }

    @Test
    @Order(2)
    void anUpgradeWhoseNewVersionFailsIsRolledBackAndTheClusterShowsThePreviousJobSpec()
            throws IOException {
        Files.writeString(marker, "fail");
        long atPatch = minCount(out);

        JsonNode status = awaitOperation(patchArgs().header("Azure-AsyncOperation"));

        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("Failed");
        assertThat(status.toString())
                .contains("The new version failed: ")
                .contains("rolled back: the previous version runs again from savepoint");
        assertRolledBack(atPatch);
    }

    @Test
    @Order(3)
    void aRollbackInterruptedAfterItCancelledTheNewVersionResumesOnTheNextServer()
            throws Exception {
        sluice.stopServer();
        ServerDeathAtStep death = new ServerDeathAtStep("rollback-cancelled");
        sluice.startServer(c -> c.getBeanFactory().registerSingleton("death", death));
        long atPatch = minCount(out);
        Answer accepted = patchArgs();
        assertThat(death.awaitReached(180)).isTrue();
        sluice.stopServer();

        sluice.startServer(c -> {});
        JsonNode status =
                awaitOperation(
                        accepted.header("Azure-AsyncOperation")
                                .replaceAll(
                                        "127.0.0.1:\\d+", "127.0.0.1:" + sluice.server().port()));

        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("Failed");
        assertThat(status.toString()).contains("rolled back: the previous version runs again");
        assertRolledBack(atPatch);
    }

    @Test
    @Order(4)
    void aRunJobUpdateWithAJarWithoutTheJobsClassRunsTheKeptJarAgain() throws IOException {
        // The pipeline uploads a jar Flink cannot run over the job's jar, then updates.
        Path jar = sluice.jars().resolve("counter.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream broken = new JarOutputStream(file, manifest)) {
            broken.putNextEntry(new JarEntry("README.txt"));
            broken.write("no classes here".getBytes(StandardCharsets.UTF_8));
            broken.closeEntry();
        }
        long atUpdate = minCount(out);
        Answer accepted = sluice.api().post(CLUSTER + "/runJob", action("UPDATE"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);

        Answer[] last = new Answer[1];
        await(
                "UPDATE ended",
                WAIT,
                () -> (last[0] = sluice.api().getUrl(accepted.header("Location"))).status() != 202);

        assertThat(last[0].status()).as(last[0].raw()).isBetween(400, 499);
        assertThat(last[0].body().path("error").path("message").asString())
                .contains("The new version failed: ")
                .contains("rolled back: the previous version runs again");
        assertRolledBack(atUpdate);
    }

    /** The job runs v1 with its previous arguments, as the only Flink job, counting on. */
    private void assertRolledBack(long atPatch) {
        JsonNode jobSpec = sluice.clusterProperties().path("clusterProfile").path("flinkProfile");
        assertThat(jobSpec.path("jobSpec").path("args").asString()).isEqualTo(args);
        assertThat(jobSpec.path("flinkVersion").asString()).startsWith("1.20");
        JsonNode job = sluice.job();
        assertThat(job.path("actionResult").asString()).isEqualTo("FAILED");
        assertThat(job.path("jobOutput").asString()).contains("rolled back");
        assertThat(job.path("args").asString()).isEqualTo(args);
        await("job RUNNING", WAIT, () -> "RUNNING".equals(sluice.job().path("status").asString()));
        // Restored from the upgrade's savepoint: the counts go on from where they were.
        await("counts continue", WAIT, () -> minCount(out) > atPatch + 10);
        assertThat(counts(out).values()).allMatch(c -> c.version().equals("v1"));
        assertThat(
                        sluice.flink().jobsOverview().stream()
                                .filter(j -> !j.state().isGloballyTerminal())
                                .count())
                .isEqualTo(1);
    }

    /** PATCHes the jobSpec's arguments to ones with the fail marker; the 202. */
    private Answer patchArgs() {
        Answer patched =
                sluice.api()
                        .patch(
                                CLUSTER,
                                """
                        {"properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                          "jobSpec":{"args":"%s --fail-marker %s"}}}}}
                        """
                                        .formatted(args, marker));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(202);
        return patched;
    }

    private JsonNode awaitOperation(String url) {
        JsonNode[] last = new JsonNode[1];
        await(
                "operation ended",
                WAIT,
                () ->
                        !"InProgress"
                                .equals(
                                        (last[0] = sluice.api().getUrl(url).body())
                                                .path("status")
                                                .asString()));
        return last[0];
    }
}
