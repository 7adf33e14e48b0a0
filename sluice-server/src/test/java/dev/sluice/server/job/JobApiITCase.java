package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.action;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.awaitCheckpoints;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The session-mode job lifecycle through the HTTP API only, against a real Flink 1.20 cluster that
 * Sluice reaches by REST URL: every action, the counts of the example job across restores, the
 * refusals, and an UPDATE resumed by a restarted server.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobApiITCase {

    private Path work;
    private FlinkClient flink;
    private JobApiFixture sluice;
    private Path out;
    private Path marker;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        this.work = work;
        flink = session.client();
        out = work.resolve("out");
        marker = work.resolve("fail-marker");
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void newRunsTheJob() {
        JsonNode job = sluice.run(sluice.newJob("counter", args(out) + " --fail-marker " + marker));

        assertThat(job.path("actionResult").asString()).as(job.toString()).isEqualTo("SUCCESS");
        assertThat(job.path("status").asString()).isEqualTo("RUNNING");
        assertThat(job.path("jobId").asString()).matches("[0-9a-f]{32}");
        assertThat(job.path("flinkConfiguration").path("parallelism").asString()).isEqualTo("1");
        assertThat(job.path("flinkConfiguration").path("savepoint.directory").asString())
                .startsWith("file:");
        await("counts", WAIT, () -> minCount(out) >= 5);
        assertThat(flink.jobDetail(job.path("jobId").asString()).state())
                .isEqualTo(FlinkJobState.RUNNING);
        JsonNode list = sluice.api().get(CLUSTER + "/jobs").body();
        assertThat(list.path("value")).hasSize(1);
        assertThat(list.path("value").get(0).path("id").asString()).endsWith("/jobs/counter");
        JsonNode detail = sluice.api().get(CLUSTER + "/jobs/counter").body();
        assertThat(detail.path("actions").get(0).path("action").asString()).isEqualTo("NEW");
        assertThat(detail.path("actions").get(0).path("principal").asString()).isNotBlank();
    }

    @Test
    @Order(2)
    void actionsAWrongStatusForbidsAreRefusedAndChangeNothing() {
        JsonNode before = sluice.job("counter");
        for (String refused : new String[] {"START", "RE_LAUNCH", "DELETE"}) {
            Answer answer =
                    sluice.api().post(CLUSTER + "/runJob", action("counter", refused, null));
            assertThat(answer.status()).as(refused).isEqualTo(409);
            assertThat(answer.errorCode()).isEqualTo("ActionNotAllowed");
            assertThat(answer.body().path("error").path("message").asString())
                    .contains("RUNNING")
                    .contains("STOP");
        }
        assertThat(sluice.job("counter")).isEqualTo(before);
    }

    @Test
    @Order(3)
    void stopThenStartContinuesTheCounts() {
        JsonNode stopped = sluice.run(action("counter", "STOP", null));

        assertThat(stopped.path("status").asString()).as(stopped.toString()).isEqualTo("STOPPED");
        assertThat(stopped.path("jobOutput").asString()).startsWith("Savepoint completed. Path: ");
        String savepoint = stopped.path("lastSavePoint").asString();
        assertThat(stopped.path("jobOutput").asString()).endsWith(savepoint);
        assertThat(
                        Path.of(
                                        URI.create(
                                                savepoint
                                                        .replace("file:/", "file:///")
                                                        .replace("file:////", "file:///")))
                                .resolve("_metadata"))
                .exists();
        long atStop = minCount(out);
        for (String refused : new String[] {"STOP", "SAVEPOINT", "RE_LAUNCH"}) {
            assertThat(
                            sluice.api()
                                    .post(CLUSTER + "/runJob", action("counter", refused, null))
                                    .errorCode())
                    .as(refused)
                    .isEqualTo("ActionNotAllowed");
        }

        JsonNode started = sluice.run(action("counter", "START", null));

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        await("counts after START", WAIT, () -> minCount(out) > atStop);
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }

    @Test
    @Order(4)
    void savepointThenStartFromAChosenSavepoint() {
        long beforeSavepoint = minCount(out);
        JsonNode taken = sluice.run(action("counter", "SAVEPOINT", null));
        assertThat(taken.path("status").asString()).isEqualTo("RUNNING");
        String chosen = taken.path("lastSavePoint").asString();
        String chosenName = chosen.substring(chosen.lastIndexOf('/') + 1);

        JsonNode listed = sluice.run(action("counter", "LIST_SAVEPOINT", null));
        String listing = listed.path("jobOutput").asString();
        assertThat(listing).contains(chosenName);

        sluice.run(action("counter", "STOP", null));
        Answer missing =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                action(
                                        "counter",
                                        "START",
                                        "\"savePointName\":\"no-such-savepoint\""));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("SavepointNotFound");
        JsonNode started =
                sluice.run(action("counter", "START", "\"savePointName\":\"" + chosenName + "\""));

        assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("RUNNING");
        assertThat(started.path("jobOutput").asString()).contains(chosenName);
        await(
                "counts written after START",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.count() > beforeSavepoint));
    }

    @Test
    @Order(5)
    void aSecondActionWhileOneRunsIsRefused() {
        Answer first = sluice.api().post(CLUSTER + "/runJob", action("counter", "SAVEPOINT", null));
        Answer second = sluice.api().post(CLUSTER + "/runJob", action("counter", "STOP", null));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("ActionInProgress");
        assertThat(sluice.awaitOperation(first.header("Location")).path("actionResult").asString())
                .isEqualTo("SUCCESS");
        // The refused STOP left no trace: the job's last action is the SAVEPOINT, still running.
        JsonNode after = sluice.job("counter");
        assertThat(after.path("action").asString()).isEqualTo("SAVEPOINT");
        assertThat(after.path("status").asString()).isEqualTo("RUNNING");
    }

    @Test
    @Order(6)
    void updateRunsTheNewJarFromASavepoint() throws IOException {
        Files.copy(
                TestFlink.exampleJar("1.20", "v2"),
                sluice.jars().resolve("counter.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        long before = minCount(out);

        JsonNode updated = sluice.run(action("counter", "UPDATE", null));

        assertThat(updated.path("status").asString()).as(updated.toString()).isEqualTo("RUNNING");
        await(
                "v2 writes",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.version().equals("v2")));
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before));
    }

    @Test
    @Order(7)
    void lastStateUpdateRestoresFromTheLatestCheckpoint() {
        awaitCheckpoints(flink, sluice.job("counter").path("jobId").asString(), 2);
        long before = minCount(out);

        JsonNode restored = sluice.run(action("counter", "LAST_STATE_UPDATE", null));

        assertThat(restored.path("status").asString()).as(restored.toString()).isEqualTo("RUNNING");
        assertThat(restored.path("jobOutput").asString()).contains("checkpoint").contains("chk-");
        String flinkJobId = restored.path("jobId").asString();
        await("restored job writes", WAIT, () -> minCount(out) > before);
        assertThat(TestFlink.readableStats(flink, flinkJobId).restored()).isPresent();
        assertThat(counts(out).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(before / 2));
    }

    @Test
    @Order(8)
    void aFailedJobIsSeenAndRelaunchedFromItsState() throws IOException {
        awaitCheckpoints(flink, sluice.job("counter").path("jobId").asString(), 2);
        long before = minCount(out);
        Files.createFile(marker);

        sluice.awaitStatus("counter", "FAILED", Duration.ofSeconds(30));
        Files.delete(marker);
        JsonNode relaunched = sluice.run(action("counter", "RE_LAUNCH", null));

        assertThat(relaunched.path("status").asString())
                .as(relaunched.toString())
                .isEqualTo("RUNNING");
        await(
                "relaunched job writes",
                WAIT,
                () -> counts(out).values().stream().allMatch(c -> c.count() > before / 2));
    }

    @Test
    @Order(9)
    void statelessUpdateStartsFromZero() {
        long before = minCount(out);
        assertThat(before).isGreaterThan(30);
        Path fresh = work.resolve("out-fresh");

        JsonNode updated =
                sluice.run(
                        action("counter", "STATELESS_UPDATE", "\"args\":\"" + args(fresh) + "\""));

        assertThat(updated.path("status").asString()).as(updated.toString()).isEqualTo("RUNNING");
        assertThat(updated.path("args").asString()).contains("out-fresh");
        await("fresh counts", WAIT, () -> minCount(fresh) >= 1);
        assertThat(counts(fresh).values())
                .allSatisfy(c -> assertThat(c.count()).isLessThan(before / 2));
    }

    @Test
    @Order(10)
    void aJobCancelledInFlinkShowsWithinFiveSeconds() {
        String flinkJobId = sluice.job("counter").path("jobId").asString();

        flink.cancelJob(flinkJobId);

        sluice.awaitStatus("counter", "CANCELLED", Duration.ofSeconds(5));
        assertThat(
                        sluice.api()
                                .post(CLUSTER + "/runJob", action("counter", "START", null))
                                .errorCode())
                .isEqualTo("ActionNotAllowed");
    }

    @Test
    @Order(11)
    void cancelThenDeleteRemovesTheRecordButKeepsSavepoints() throws IOException {
        sluice.run(sluice.newJob("other", args(work.resolve("out-other"))));
        JsonNode cancelled = sluice.run(action("other", "CANCEL", null));
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");

        String savepointDir =
                sluice.job("counter")
                        .path("flinkConfiguration")
                        .path("savepoint.directory")
                        .asString();
        long savepoints;
        try (var files = Files.list(Path.of(URI.create(savepointDir)))) {
            savepoints = files.count();
        }
        JsonNode deleted = sluice.run(action("counter", "DELETE", null));

        assertThat(deleted.path("actionResult").asString()).isEqualTo("SUCCESS");
        assertThat(sluice.api().get(CLUSTER + "/jobs/counter").errorCode())
                .isEqualTo("JobNotFound");
        try (var files = Files.list(Path.of(URI.create(savepointDir)))) {
            assertThat(files.count()).isEqualTo(savepoints).isPositive();
        }
        sluice.run(action("other", "DELETE", null));
        assertThat(sluice.api().get(CLUSTER + "/jobs").body().path("value")).isEmpty();
    }

    @Test
    @Order(12)
    void anUpdateInterruptedAfterItsSavepointResumesOnTheNextServer() throws Exception {
        Path resumeOut = work.resolve("out-resume");
        sluice.run(sluice.newJob("resume", args(resumeOut)));
        await("resume counts", WAIT, () -> minCount(resumeOut) >= 5);
        sluice.stopServer();
        ServerDeathAtStep stopAfterSavepoint = new ServerDeathAtStep("stopped-with-savepoint");
        sluice.startServer(
                c ->
                        c.getBeanFactory()
                                .registerSingleton("stopAfterSavepoint", stopAfterSavepoint));
        Answer accepted = sluice.api().post(CLUSTER + "/runJob", action("resume", "UPDATE", null));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(stopAfterSavepoint.awaitReached(60)).isTrue();
        long atStop = minCount(resumeOut);
        sluice.stopServer();

        sluice.startServer(c -> {});
        JsonNode resumed =
                sluice.awaitOperation(
                        accepted.header("Location")
                                .replaceAll(
                                        "127.0.0.1:\\d+", "127.0.0.1:" + sluice.server().port()));

        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("RUNNING");
        JsonNode update = sluice.api().get(CLUSTER + "/jobs/resume").body().path("actions").get(0);
        assertThat(update.path("action").asString()).isEqualTo("UPDATE");
        String savepoint = update.path("savepoint").asString();
        String newFlinkJob = resumed.path("jobId").asString();
        assertThat(
                        TestFlink.readableStats(flink, newFlinkJob)
                                .restored()
                                .orElseThrow()
                                .externalPath())
                .isEqualTo(savepoint);
        long runningForJob =
                flink.jobsOverview().stream()
                        .filter(j -> j.state() == FlinkJobState.RUNNING)
                        .filter(
                                j ->
                                        j.jobId().equals(newFlinkJob)
                                                || j.jobId()
                                                        .equals(
                                                                update.path("flinkJobId")
                                                                        .asString())
                                                || j.jobId()
                                                        .equals(
                                                                sluice.api()
                                                                        .get(
                                                                                CLUSTER
                                                                                        + "/jobs/resume")
                                                                        .body()
                                                                        .path("actions")
                                                                        .get(1)
                                                                        .path("flinkJobId")
                                                                        .asString()))
                        .count();
        assertThat(runningForJob).isEqualTo(1);
        await("resumed counts", WAIT, () -> minCount(resumeOut) > atStop);
        assertThat(counts(resumeOut).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }
}
