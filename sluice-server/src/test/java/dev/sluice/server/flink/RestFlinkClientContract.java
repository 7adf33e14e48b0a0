package dev.sluice.server.flink;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static dev.sluice.server.testing.TestFlink.newFlinkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.testing.TestFlink;
import dev.sluice.server.testing.TestFlink.Count;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call of {@link FlinkClient} against a real local cluster of one Flink version, in the order
 * a job's life uses them: upload, run with a chosen job id, checkpoint, savepoint, control-plane
 * restart, stop with savepoint, run v2 from it (the counts continue), cancel, failure, disposal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RestFlinkClientContract {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ENTRY_CLASS = "dev.sluice.examples.counter.CounterJob";

    private Path work;

    private LocalProcessDeployer deployer;
    private LocalCluster cluster;
    private FlinkClient client;
    private String jarId;
    private String jobId;
    private Path output;
    private String savepoint;

    /** The Flink line under test: "1.20" or "2.3". */
    abstract String flinkVersion();

    @BeforeAll
    void startCluster(@TempDir Path work) {
        this.work = work;
        deployer = newDeployer();
        cluster = deployer.start(TestFlink.smallCluster("client-it", flinkVersion()));
        client = new RestFlinkClient(cluster.restUrl());
        output = work.resolve("counts");
    }

    @AfterAll
    void stopCluster() {
        if (deployer != null && cluster != null) {
            assertThat(deployer.stop(cluster.name())).isTrue();
            await(
                    "JobManager process gone",
                    Duration.ofSeconds(30),
                    () ->
                            ProcessHandle.of(cluster.jobManagerPid()).isEmpty()
                                    || !ProcessHandle.of(cluster.jobManagerPid()).get().isAlive());
        }
    }

    private LocalProcessDeployer newDeployer() {
        return new LocalProcessDeployer(
                work.resolve("data"),
                TestFlink.runtimes(),
                RestFlinkClient::new,
                Duration.ofSeconds(120));
    }

    private String uri(Path path) {
        return path.toUri().toString();
    }

    private Map<String, String> checkpointing() {
        return Map.of(
                "execution.checkpointing.interval", "1s",
                "execution.checkpointing.dir", uri(work.resolve("checkpoints")),
                "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION",
                "restart-strategy.type", "none");
    }

    private JarRunRequest counter(String id, Path out, String savepointPath, String... extraArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("--output", out.toString()));
        args.addAll(List.of(extraArgs));
        return JarRunRequest.builder()
                .entryClass(ENTRY_CLASS)
                .programArgs(args)
                .parallelism(2)
                .jobId(id)
                .savepointPath(savepointPath)
                .flinkConfiguration(checkpointing())
                .build();
    }

    private void awaitState(String id, FlinkJobState state) {
        await("job " + id + " " + state, WAIT, () -> client.jobDetail(id).state() == state);
    }

    private SavepointOperationStatus awaitSavepoint(String id, String triggerId) {
        SavepointOperationStatus[] last = new SavepointOperationStatus[1];
        await(
                "savepoint " + triggerId + " completes",
                WAIT,
                () -> !(last[0] = client.savepointStatus(id, triggerId)).isInProgress());
        return last[0];
    }

    @Test
    @Order(1)
    void overviewShowsTheTaskManagerAndVersion() {
        ClusterOverview overview = client.overview();

        assertThat(overview.taskManagers()).isEqualTo(1);
        assertThat(overview.slotsTotal()).isEqualTo(2);
        assertThat(overview.flinkVersion()).startsWith(flinkVersion());
        assertThat(cluster.flinkVersion()).startsWith(flinkVersion());
    }

    @Test
    @Order(2)
    void uploadJarReturnsAJarId() {
        jarId = client.uploadJar(TestFlink.exampleJar(flinkVersion(), "v1"));

        assertThat(jarId).endsWith(".jar").contains("counter");
    }

    @Test
    @Order(3)
    void runJarUsesTheChosenJobId() {
        String chosen = newFlinkId();

        jobId = client.runJar(jarId, counter(chosen, output, null));

        assertThat(jobId).isEqualTo(chosen);
        awaitState(jobId, FlinkJobState.RUNNING);
        await("counts written", WAIT, () -> minCount(output) >= 5);
        assertThat(counts(output).values()).extracting(Count::version).containsOnly("v1");
    }

    @Test
    @Order(4)
    void jobsOverviewAndDetailDescribeTheJob() {
        assertThat(client.jobsOverview())
                .anySatisfy(
                        job -> {
                            assertThat(job.jobId()).isEqualTo(jobId);
                            assertThat(job.name()).isEqualTo("sluice-counter");
                            assertThat(job.state()).isEqualTo(FlinkJobState.RUNNING);
                            // The per-state task counts the engine decides "runs" from.
                            assertThat(job.tasks()).isNotNull();
                            assertThat(job.tasks().total()).isPositive();
                            assertThat(job.tasks().running() + job.tasks().finished())
                                    .isEqualTo(job.tasks().total());
                            assertThat(job.runs()).isTrue();
                        });
        JobDetail detail = client.jobDetail(jobId);
        assertThat(detail.name()).isEqualTo("sluice-counter");
        assertThat(detail.state()).isEqualTo(FlinkJobState.RUNNING);
    }

    @Test
    @Order(5)
    void checkpointStatsReportTheLatestRetainedCheckpoint() {
        await(
                "a completed checkpoint",
                WAIT,
                () -> TestFlink.readableStats(client, jobId).completed().isPresent());

        CheckpointStats stats = TestFlink.readableStats(client, jobId);
        String path = stats.completed().orElseThrow().externalPath();
        assertThat(path).contains(work.resolve("checkpoints").toString()).contains(jobId);
        assertThat(stats.restored()).isEmpty();
    }

    @Test
    @Order(6)
    void triggerSavepointUsesTheChosenTriggerIdAndReportsTheLocation() {
        String triggerId = newFlinkId();

        String returned =
                client.triggerSavepoint(jobId, uri(work.resolve("savepoints")), triggerId, null);

        assertThat(returned).isEqualTo(triggerId);
        SavepointOperationStatus status = awaitSavepoint(jobId, triggerId);
        assertThat(status.isSucceeded()).as(String.valueOf(status.failureMessage())).isTrue();
        savepoint = status.location();
        assertThat(Path.of(URI.create(savepoint))).isDirectory();
        // Asking again with the same trigger id does not start a second savepoint.
        assertThat(client.savepointStatus(jobId, triggerId).location()).isEqualTo(savepoint);
        awaitState(jobId, FlinkJobState.RUNNING);
    }

    @Test
    @Order(7)
    void aRestartedControlPlaneAdoptsTheClusterAndTheJobKeepsRunning() {
        long before = minCount(output);

        Optional<LocalCluster> adopted = newDeployer().adopt(cluster.name());

        assertThat(adopted).isPresent();
        assertThat(adopted.get().jobManagerPid()).isEqualTo(cluster.jobManagerPid());
        assertThat(adopted.get().taskManagerPids()).isEqualTo(cluster.taskManagerPids());
        assertThat(adopted.get().restUrl()).isEqualTo(cluster.restUrl());
        assertThat(client.jobDetail(jobId).state()).isEqualTo(FlinkJobState.RUNNING);
        await("counts keep growing", WAIT, () -> minCount(output) > before);
    }

    @Test
    @Order(8)
    void stopWithSavepointThenRunV2FromItContinuesTheCounts() {
        String triggerId = newFlinkId();

        assertThat(
                        client.stopWithSavepoint(
                                jobId, uri(work.resolve("savepoints")), false, triggerId, null))
                .isEqualTo(triggerId);
        SavepointOperationStatus status = awaitSavepoint(jobId, triggerId);
        assertThat(status.isSucceeded()).as(String.valueOf(status.failureMessage())).isTrue();
        awaitState(jobId, FlinkJobState.FINISHED);
        long atStop = minCount(output);
        assertThat(atStop).isGreaterThanOrEqualTo(5);

        String v2Jar = client.uploadJar(TestFlink.exampleJar(flinkVersion(), "v2"));
        String restoredId = client.runJar(v2Jar, counter(newFlinkId(), output, status.location()));

        awaitState(restoredId, FlinkJobState.RUNNING);
        await(
                "v2 writes every key",
                WAIT,
                () -> counts(output).values().stream().allMatch(c -> c.version().equals("v2")));
        // Restored state: every key goes on from its count at the stop, never from zero.
        assertThat(counts(output).values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
        CheckpointStats.Restored restored =
                TestFlink.readableStats(client, restoredId).restored().orElseThrow();
        assertThat(restored.savepoint()).isTrue();
        assertThat(restored.externalPath()).isEqualTo(status.location());
        jobId = restoredId;
    }

    @Test
    @Order(9)
    void cancelEndsTheJobAndRetainsItsCheckpoint() {
        client.cancelJob(jobId);

        awaitState(jobId, FlinkJobState.CANCELED);
        // Cancelling a job that already ended is not an error.
        client.cancelJob(jobId);
        String retained =
                TestFlink.readableStats(client, jobId)
                        .completed()
                        .map(c -> c.externalPath())
                        .orElse(null);
        if (retained != null) {
            assertThat(
                            Path.of(
                                    URI.create(
                                            retained.startsWith("file:")
                                                    ? retained
                                                    : "file:" + retained)))
                    .exists();
        }
    }

    @Test
    @Order(10)
    void aFailedJobReportsItsRootCause() throws IOException {
        Path marker = work.resolve("fail-now");
        String id =
                client.runJar(
                        jarId,
                        counter(
                                newFlinkId(),
                                work.resolve("failing"),
                                null,
                                "--fail-marker",
                                marker.toString()));
        awaitState(id, FlinkJobState.RUNNING);
        await("failing job writes", WAIT, () -> minCount(work.resolve("failing")) >= 1);

        Files.createFile(marker);

        awaitState(id, FlinkJobState.FAILED);
        JobFailure failure = client.jobFailure(id).orElseThrow();
        assertThat(failure.stackTrace()).contains("fail marker present");
    }

    @Test
    @Order(11)
    void disposingASavepointDeletesItsFiles() {
        String triggerId = client.triggerSavepointDisposal(savepoint);

        SavepointOperationStatus[] last = new SavepointOperationStatus[1];
        await(
                "disposal completes",
                WAIT,
                () -> !(last[0] = client.savepointDisposalStatus(triggerId)).isInProgress());
        assertThat(last[0].isSucceeded()).as(String.valueOf(last[0].failureMessage())).isTrue();
        assertThat(Path.of(URI.create(savepoint))).doesNotExist();
    }

    @Test
    @Order(12)
    void flinkErrorsBecomeTypedExceptions() {
        assertThatThrownBy(() -> client.jobDetail(newFlinkId()))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class, e -> assertThat(e.isNotFound()).isTrue());
        assertThatThrownBy(
                        () ->
                                client.runJar(
                                        jarId,
                                        counter(
                                                newFlinkId(),
                                                output,
                                                uri(work.resolve("no-such-savepoint")))))
                .isInstanceOf(FlinkRequestException.class)
                .hasMessageContaining("no-such-savepoint");
        assertThatThrownBy(() -> new RestFlinkClient(URI.create("http://127.0.0.1:1")).overview())
                .isInstanceOf(FlinkUnavailableException.class);
    }

    @Test
    @Order(13)
    void deleteJarForgetsIt() {
        client.deleteJar(jarId);

        assertThatThrownBy(() -> client.deleteJar(jarId))
                .isInstanceOfSatisfying(
                        FlinkRequestException.class, e -> assertThat(e.isNotFound()).isTrue());
    }
}
