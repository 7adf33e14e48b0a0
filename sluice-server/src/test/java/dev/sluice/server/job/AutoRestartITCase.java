package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Automatic restart of an opted-in job against the shared real Flink 1.20 cluster, with the example
 * job made to throw by its fail marker: a failure is RE_LAUNCHed from the newest checkpoint and the
 * counts continue; failing again and again, it is restarted with backoff up to the limit, then
 * stays FAILED with the reason; never two Flink jobs at once.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoRestartITCase {

    private static final int LIMIT = 4;

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
    void aFailedJobIsRestartedFromItsNewestCheckpointAndCountsContinue() throws IOException {
        sluice.run(
                """
                {"properties":{"jobType":"FlinkJob","jobName":"restarts","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s --fail-marker %s","flinkConfiguration":{"parallelism":"1",
                 "restart-strategy.type":"none","execution.checkpointing.interval":"1s",
                 "sluice.restart.on-failure":"true","sluice.restart.limit":"%d",
                 "sluice.restart.backoff":"1s","sluice.savepoint.dispose-on-delete":"true"}}}
                """
                        .formatted(sluice.jars().toUri(), args(out), marker, LIMIT));
        await("counts", WAIT, () -> minCount(out) >= 20);
        // The restart needs a completed checkpoint; counts alone can come before the first one.
        TestFlink.awaitCheckpoints(flink, sluice.job("restarts").path("jobId").asString(), 1);
        long before = minCount(out);

        Files.writeString(marker, "fail");
        sluice.awaitStatus("restarts", "FAILED", WAIT);
        Files.delete(marker);

        await("restarted", WAIT, () -> !restarts().isEmpty());
        sluice.awaitStatus("restarts", "RUNNING", WAIT);
        await("counts continue", WAIT, () -> minCount(out) > before + 10);
        assertThat(restarts().size()).isLessThan(LIMIT);
        assertThat(liveFlinkJobs()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aJobThatKeepsFailingStopsAtTheLimitAndStaysFailedWithTheReason() throws IOException {
        Files.writeString(marker, "fail");

        await(
                LIMIT + " restarts, then FAILED with the reason",
                WAIT,
                () -> {
                    JsonNode job = sluice.job("restarts");
                    return job.path("status").asString().equals("FAILED")
                            && !job.path("actionResult").asString().equals("IN_PROGRESS")
                            && restarts().size() == LIMIT
                            && reason().contains("automatic restarts stopped");
                });
        assertThat(reason()).contains(LIMIT + " in");
        assertThat(liveFlinkJobs()).isZero();
        JsonNode detail = sluice.api().get(CLUSTER + "/jobs/restarts").body();
        List<String> restartActions = new ArrayList<>();
        detail.path("actions")
                .forEach(
                        a -> {
                            if (a.path("principal").asString().equals("sluice:restart")) {
                                restartActions.add(a.path("action").asString());
                            }
                        });
        assertThat(restartActions).hasSize(LIMIT).containsOnly("RE_LAUNCH");
    }

    @Test
    @Order(3)
    void deleteDisposesTheSavepointsWhenTheJobAsksForIt() {
        JsonNode deleted = sluice.run(JobApiFixture.action("restarts", "DELETE", null));

        assertThat(deleted.path("jobOutput").asString()).contains("savepoint(s) disposed");
        assertThat(sluice.api().get(CLUSTER + "/jobs/restarts").status()).isEqualTo(404);
    }

    private List<JsonNode> restarts() {
        List<JsonNode> found = new ArrayList<>();
        sluice.api()
                .get(CLUSTER + "/jobs/restarts")
                .body()
                .path("actions")
                .forEach(
                        a -> {
                            if (a.path("principal").asString().equals("sluice:restart")) {
                                found.add(a);
                            }
                        });
        return found;
    }

    private String reason() {
        return sluice.api()
                .get(CLUSTER + "/jobs/restarts")
                .body()
                .path("statusReason")
                .asString("");
    }

    private long liveFlinkJobs() {
        return flink.jobsOverview().stream().filter(j -> !j.state().isGloballyTerminal()).count();
    }
}
