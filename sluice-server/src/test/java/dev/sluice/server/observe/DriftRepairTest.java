package dev.sluice.server.observe;

import static dev.sluice.server.observe.ObserverFixture.flinkJobId;
import static dev.sluice.server.observe.ObserverFixture.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run that ends in Flink outside an action (stopped with a savepoint from Flink's UI, CLI or REST
 * API, or by an action Sluice lost, or a bounded job that finished): the observer records the
 * savepoint Flink's checkpoint statistics name and tells STOPPED from FINISHED.
 */
class DriftRepairTest {

    private static final String ID = flinkJobId(1);
    private static final String OLD = "file:/storage/savepoints/counter/savepoint-000001-old";
    private static final String PATH = "file:/storage/savepoints/counter/savepoint-000001-new";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final ObserverFixture fixture = new ObserverFixture();
    private final ClusterRecord alpha = fixture.cluster("alpha");
    private final FakeFlinkClient flink = fixture.flink(alpha);
    private final JobStatusObserver observer =
            fixture.observer(
                    new ObserverProperties(
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(10),
                            true,
                            GRACE,
                            Duration.ZERO),
                    fixture.resources::listAllClusters);

    /** Rounds before and after the grace a FINISHED run without a stopping savepoint gets. */
    private void tickPastTheGrace() {
        observer.tick();
        fixture.nanos.addAndGet(GRACE.toNanos());
        observer.tick();
    }

    private static CheckpointStats latestSavepoint(String type, String path, boolean discarded) {
        return new CheckpointStats(
                null,
                null,
                new CheckpointStats.Completed(7, true, type, 1, 2, 3, 3, 1, path, discarded),
                null,
                null);
    }

    private Job runningJob(String lastSavepoint) {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        if (lastSavepoint != null) {
            job =
                    fixture.jobs.update(
                            job.id(), current -> current.withLastSavepoint(lastSavepoint));
        }
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FINISHED));
        return job;
    }

    @Test
    void aRunStoppedWithASavepointOutsideSluiceIsStoppedAtThatSavepoint() {
        Job job = runningJob(OLD);
        flink.checkpointStats = id -> latestSavepoint("SYNC_SAVEPOINT", PATH, false);

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.STOPPED);
        assertThat(now.restorePoints().savepoint()).isEqualTo(PATH);
        assertThat(now.run().statusReason()).contains("outside Sluice").contains("START");
        assertThat(now.lastAction().activeId()).isNull();
        assertThat(flink.checkpointStatsCalls).hasValue(1);

        // STOPPED is not live: later rounds leave the job alone and do not ask again.
        observer.tick();
        assertThat(fixture.reload(job)).isEqualTo(now);
        assertThat(flink.checkpointStatsCalls).hasValue(1);
    }

    @Test
    void aBoundedRunThatEndedByItselfIsFinishedAndKeepsItsSavepoint() {
        Job job = runningJob(OLD);
        // No savepoint in this run: the one recorded before stays.
        flink.checkpointStats = id -> new CheckpointStats(null, null, null, null, null);

        tickPastTheGrace();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.FINISHED);
        assertThat(now.run().statusReason()).isNull();
        assertThat(now.restorePoints().savepoint()).isEqualTo(OLD);
    }

    @Test
    void aSavepointTakenWhileItRanIsRecordedButTheRunIsFinished() {
        Job job = runningJob(null);
        flink.checkpointStats = id -> latestSavepoint("SAVEPOINT", PATH, false);

        tickPastTheGrace();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.FINISHED);
        assertThat(now.restorePoints().savepoint()).isEqualTo(PATH);
    }

    @Test
    void statisticsCachedBeforeTheStopDoNotMakeItFinished() {
        Job job = runningJob(OLD);
        // Flink's REST API serves checkpoint statistics from a cache for a few seconds.
        flink.checkpointStats = id -> new CheckpointStats(null, null, null, null, null);

        observer.tick();
        fixture.nanos.addAndGet(GRACE.toNanos() - 1);
        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.reload(job).restorePoints().savepoint()).isEqualTo(OLD);

        flink.checkpointStats = id -> latestSavepoint("SYNC_SAVEPOINT", PATH, false);
        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.STOPPED);
        assertThat(fixture.reload(job).restorePoints().savepoint()).isEqualTo(PATH);
    }

    @Test
    void aSavepointThatCannotBeRestoredIsNotRecorded() {
        Job discarded = runningJob(OLD);
        flink.checkpointStats = id -> latestSavepoint("SYNC_SAVEPOINT", PATH, true);
        tickPastTheGrace();
        assertThat(fixture.reload(discarded).run().status()).isEqualTo(JobStatus.FINISHED);
        assertThat(fixture.reload(discarded).restorePoints().savepoint()).isEqualTo(OLD);

        String other = flinkJobId(2);
        Job inMemory = fixture.job(alpha, "memory", JobStatus.RUNNING, other);
        flink.jobsOverview = () -> List.of(seen(other, FlinkJobState.FINISHED));
        flink.checkpointStats =
                id ->
                        latestSavepoint(
                                "SYNC_SAVEPOINT", "<checkpoint-not-externally-addressable>", false);
        tickPastTheGrace();
        assertThat(fixture.reload(inMemory).run().status()).isEqualTo(JobStatus.FINISHED);
        assertThat(fixture.reload(inMemory).restorePoints().savepoint()).isNull();
    }

    @Test
    void unreadableStatisticsAreAskedAgainRatherThanLosingTheSavepoint() {
        Job job = runningJob(OLD);
        flink.checkpointStats =
                id -> {
                    throw new FlinkUnavailableException(
                            "http://alpha:8081 unreachable", new ConnectException("refused"));
                };

        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.reload(job).restorePoints().savepoint()).isEqualTo(OLD);

        flink.checkpointStats = id -> latestSavepoint("SYNC_SAVEPOINT", PATH, false);
        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.STOPPED);
        assertThat(fixture.reload(job).restorePoints().savepoint()).isEqualTo(PATH);
    }

    @Test
    void statisticsFlinkNoLongerKeepsLeaveTheRunFinishedWithAReason() {
        Job job = runningJob(OLD);
        flink.checkpointStats =
                id -> {
                    throw new FlinkRequestException(404, List.of("Job not found"));
                };

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.FINISHED);
        assertThat(now.run().statusReason())
                .contains("could not be read")
                .contains("Job not found");
        assertThat(now.restorePoints().savepoint()).isEqualTo(OLD);
    }

    @Test
    void aJobAnActionWorksOnIsLeftToTheAction() {
        Job busy = fixture.job(alpha, "busy", JobStatus.RUNNING, null, ID, "a".repeat(32));
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FINISHED));
        flink.checkpointStats = id -> latestSavepoint("SYNC_SAVEPOINT", PATH, false);

        observer.tick();

        assertThat(fixture.reload(busy)).isEqualTo(busy);
        assertThat(flink.checkpointStatsCalls).hasValue(0);
    }
}
