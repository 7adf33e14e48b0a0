package dev.sluice.server.observe;

import static dev.sluice.server.observe.ObserverFixture.flinkJobId;
import static dev.sluice.server.observe.ObserverFixture.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the observer costs Flink: calls per cluster, and the throttled checkpoint fetch. */
class ObserverCostTest {

    private static final String ID = flinkJobId(1);
    private static final long TEN_SECONDS = Duration.ofSeconds(10).toNanos();

    private final ObserverFixture fixture = new ObserverFixture();
    private final ClusterRecord alpha = fixture.cluster("alpha");
    private final FakeFlinkClient flink = fixture.flink(alpha);
    private final JobStatusObserver observer = fixture.observer();

    @Test
    void oneOverviewPerClusterAndRoundWhateverTheNumberOfJobs() {
        List<JobOverview> overview = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fixture.job(alpha, "job-" + i, JobStatus.INITIALIZING, flinkJobId(i));
            overview.add(seen(flinkJobId(i), FlinkJobState.RUNNING));
        }
        flink.jobsOverview = () -> overview;
        ClusterRecord beta = fixture.cluster("beta");
        for (int i = 0; i < 5; i++) {
            fixture.job(beta, "job-" + i, JobStatus.RUNNING, flinkJobId(100 + i));
        }

        observer.tick();

        assertThat(flink.jobsOverviewCalls).hasValue(1);
        assertThat(fixture.flink(beta).jobsOverviewCalls).hasValue(1);
        assertThat(fixture.jobs.listByCluster(alpha.id()))
                .extracting(job -> job.run().status())
                .containsOnly(JobStatus.RUNNING);
        // The first round reads each running job's checkpoints once; the next ones are throttled.
        assertThat(flink.checkpointStatsCalls).hasValue(50);

        observer.tick();

        assertThat(flink.jobsOverviewCalls).hasValue(2);
        assertThat(fixture.flink(beta).jobsOverviewCalls).hasValue(2);
        assertThat(flink.checkpointStatsCalls).hasValue(50);
        assertThat(flink.jobFailureCalls).hasValue(0);
    }

    @Test
    void latestCheckpointIsRecordedAtMostOncePerInterval() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.RUNNING));
        AtomicReference<String> path = new AtomicReference<>("file:///cp/" + ID + "/chk-1");
        flink.checkpointStats = id -> stats(path.get(), false);

        observer.tick();
        assertThat(fixture.reload(job).restorePoints().checkpoint())
                .isEqualTo("file:///cp/" + ID + "/chk-1");

        path.set("file:///cp/" + ID + "/chk-2");
        fixture.nanos.addAndGet(TEN_SECONDS - 1);
        observer.tick();
        assertThat(flink.checkpointStatsCalls).hasValue(1);
        assertThat(fixture.reload(job).restorePoints().checkpoint()).endsWith("chk-1");

        fixture.nanos.addAndGet(1);
        observer.tick();
        assertThat(flink.checkpointStatsCalls).hasValue(2);
        Job recorded = fixture.reload(job);
        assertThat(recorded.restorePoints().checkpoint()).endsWith("chk-2");
        assertThat(recorded.run().status()).isEqualTo(JobStatus.RUNNING);

        fixture.nanos.addAndGet(TEN_SECONDS);
        observer.tick(); // same checkpoint again: no write
        assertThat(flink.checkpointStatsCalls).hasValue(3);
        assertThat(fixture.reload(job)).isEqualTo(recorded);
    }

    @Test
    void checkpointsWithoutAUsablePathAreNotRecorded() {
        Job memory = fixture.job(alpha, "memory", JobStatus.RUNNING, ID);
        Job discarded = fixture.job(alpha, "discarded", JobStatus.RUNNING, flinkJobId(2));
        Job none = fixture.job(alpha, "none", JobStatus.RUNNING, flinkJobId(3));
        flink.jobsOverview =
                () ->
                        List.of(
                                seen(ID, FlinkJobState.RUNNING),
                                seen(flinkJobId(2), FlinkJobState.RUNNING),
                                seen(flinkJobId(3), FlinkJobState.RUNNING));
        flink.checkpointStats =
                id ->
                        switch (id.substring(31)) {
                            case "1" -> stats("<checkpoint-not-externally-addressable>", false);
                            case "2" -> stats("file:///cp/chk-7", true);
                            default -> new CheckpointStats(null, null, null, null, null);
                        };

        observer.tick();

        assertThat(fixture.reload(memory)).isEqualTo(memory);
        assertThat(fixture.reload(discarded)).isEqualTo(discarded);
        assertThat(fixture.reload(none)).isEqualTo(none);
        assertThat(flink.checkpointStatsCalls).hasValue(3);
    }

    @Test
    void checkpointsAreOnlyReadForRunningJobsAndAFailedReadIsThrottledToo() {
        Job restarting = fixture.job(alpha, "restarting", JobStatus.RUNNING, ID);
        Job running = fixture.job(alpha, "running", JobStatus.RUNNING, flinkJobId(2));
        flink.jobsOverview =
                () ->
                        List.of(
                                seen(ID, FlinkJobState.RESTARTING),
                                seen(flinkJobId(2), FlinkJobState.RUNNING));
        flink.checkpointStats =
                id -> {
                    throw new FlinkUnavailableException("timeout", new SocketTimeoutException());
                };

        observer.tick();
        observer.tick();

        assertThat(flink.checkpointStatsCalls).hasValue(1);
        assertThat(fixture.reload(restarting).run().status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(fixture.reload(running)).isEqualTo(running);
    }

    private static CheckpointStats stats(String externalPath, boolean discarded) {
        return new CheckpointStats(
                new CheckpointStats.Counts(0, 1, 0, 1, 0),
                new CheckpointStats.Completed(
                        1, false, "CHECKPOINT", 1L, 2L, 10L, 10L, 1L, externalPath, discarded),
                null,
                null,
                null);
    }
}
