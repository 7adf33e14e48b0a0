package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.ServerDeathAtStep;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Rollback of a failed UPDATE ({@code sluice.update.rollback}) against the shared real Flink 1.20
 * cluster with the example counter job: a new version that fails at once (its fail marker is there)
 * and one whose jar lacks the job's class both end the UPDATE FAILED with "rolled back", and the
 * previous version runs again from the UPDATE's savepoint, counts continuing, as the only Flink
 * job.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpdateRollbackITCase {

    private JobApiFixture sluice;
    private FlinkClient flink;
    private Path out;
    private Path marker;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        out = work.resolve("out");
        marker = work.resolve("fail-marker");
        flink = session.client();
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
    void aNewVersionThatFailsAtOnceIsRolledBackAndTheCountsContinue() throws IOException {
        sluice.run(
                """
                {"properties":{"jobType":"FlinkJob","jobName":"rollback","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s","flinkConfiguration":{"parallelism":"1",
                 "restart-strategy.type":"none","execution.checkpointing.interval":"1s",
                 "sluice.update.rollback":"true","sluice.update.rollback.timeout":"30s"}}}
                """
                        .formatted(sluice.jars().toUri(), args(out)));
        await("counts", WAIT, () -> minCount(out) >= 20);
        assertThat(sluice.job("rollback").path("policies").path("updateRollback").asString())
                .contains("PT30S");
        Files.writeString(marker, "fail");
        long atUpdate = minCount(out);

        Answer failed = update(args(out) + " --fail-marker " + marker);

        assertThat(failed.body().path("error").path("message").asString())
                .contains("The new version failed: ")
                // FAILING or FAILED, as the watch or the wait for RUNNING saw it first.
                .contains("FAIL")
                .contains("fail marker present")
                .contains("rolled back: the previous version runs again from savepoint");
        JsonNode job = sluice.job("rollback");
        assertThat(job.path("actionResult").asString()).isEqualTo("FAILED");
        assertThat(job.path("jobOutput").asString()).contains("rolled back");
        assertThat(job.path("status").asString()).isEqualTo("RUNNING");
        assertThat(job.path("args").asString()).isEqualTo(args(out));
        // Restored from the UPDATE's savepoint: the counts go on from where they were.
        await("counts continue", WAIT, () -> minCount(out) > atUpdate + 10);
        assertThat(liveFlinkJobs()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aJarWithoutTheJobsClassIsRolledBackToTheJarAsItWasKept() throws IOException {
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

        Answer failed = update(null);

        assertThat(failed.body().path("error").path("message").asString())
                .contains("Flink refused the job")
                .contains("rolled back: the previous version runs again");
        assertThat(sluice.job("rollback").path("status").asString()).isEqualTo("RUNNING");
        await("counts continue", WAIT, () -> minCount(out) > atUpdate + 10);
        assertThat(counts(out).values()).allMatch(c -> c.version().equals("v1"));
        assertThat(liveFlinkJobs()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aRollbackInterruptedAfterItCancelledTheNewVersionResumesOnTheNextServer()
            throws Exception {
        sluice.stopServer();
        ServerDeathAtStep death = new ServerDeathAtStep("rollback-cancelled");
        sluice.startServer(c -> c.getBeanFactory().registerSingleton("death", death));
        long atUpdate = minCount(out);
        Answer accepted = post(args(out) + " --fail-marker " + marker);
        assertThat(death.awaitReached(120)).isTrue();
        sluice.stopServer();
        // Between the servers the job has no Flink job: the new version is cancelled, the old
        // one not submitted yet.
        assertThat(liveFlinkJobs()).isZero();

        sluice.startServer(c -> {});
        Answer failed =
                sluice.awaitEnded(
                        accepted.header("Location")
                                .replaceAll(
                                        "127.0.0.1:\\d+", "127.0.0.1:" + sluice.server().port()));

        assertThat(failed.errorCode()).isEqualTo("ActionFailed");
        assertThat(failed.body().path("error").path("message").asString())
                .contains("rolled back: the previous version runs again");
        JsonNode job = sluice.job("rollback");
        assertThat(job.path("status").asString()).isEqualTo("RUNNING");
        assertThat(job.path("args").asString()).isEqualTo(args(out));
        await("counts continue", WAIT, () -> minCount(out) > atUpdate + 10);
        assertThat(liveFlinkJobs()).isEqualTo(1);
    }

    /** An UPDATE (with new args if given) that fails; its operation's answer. */
    private Answer update(String newArgs) {
        Answer accepted = post(newArgs);
        Answer failed = sluice.awaitEnded(accepted.header("Location"));
        assertThat(failed.status()).as(failed.raw()).isBetween(400, 499);
        assertThat(failed.errorCode()).isEqualTo("ActionFailed");
        return failed;
    }

    /** Asks for an UPDATE (with new args if given); the 202. */
    private Answer post(String newArgs) {
        Answer accepted =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                JobApiFixture.action(
                                        "rollback",
                                        "UPDATE",
                                        newArgs == null ? null : "\"args\":\"" + newArgs + "\""));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        return accepted;
    }

    private long liveFlinkJobs() {
        return flink.jobsOverview().stream().filter(j -> !j.state().isGloballyTerminal()).count();
    }
}
