package dev.sluice.server.observe;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.JarRunRequest;
import dev.sluice.server.flink.JobDetail;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.SavepointFormat;
import dev.sluice.server.flink.SavepointOperationStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A FlinkClient whose answers the test sets; counts the calls the observer may make and fails every
 * call it must never make (the observer only reads).
 */
final class FakeFlinkClient implements FlinkClient {

    volatile Supplier<List<JobOverview>> jobsOverview = List::of;
    volatile Function<String, Optional<JobFailure>> jobFailure = id -> Optional.empty();
    volatile Function<String, CheckpointStats> checkpointStats =
            id -> new CheckpointStats(null, null, null, null, null);

    final AtomicInteger jobsOverviewCalls = new AtomicInteger();
    final AtomicInteger jobFailureCalls = new AtomicInteger();
    final AtomicInteger checkpointStatsCalls = new AtomicInteger();

    @Override
    public List<JobOverview> jobsOverview() {
        jobsOverviewCalls.incrementAndGet();
        return jobsOverview.get();
    }

    @Override
    public Optional<JobFailure> jobFailure(String jobId) {
        jobFailureCalls.incrementAndGet();
        return jobFailure.apply(jobId);
    }

    @Override
    public CheckpointStats checkpointStats(String jobId) {
        checkpointStatsCalls.incrementAndGet();
        return checkpointStats.apply(jobId);
    }

    @Override
    public ClusterOverview overview() {
        throw notForTheObserver();
    }

    @Override
    public JobDetail jobDetail(String jobId) {
        throw notForTheObserver();
    }

    @Override
    public String uploadJar(Path jarFile) {
        throw notForTheObserver();
    }

    @Override
    public void deleteJar(String jarId) {
        throw notForTheObserver();
    }

    @Override
    public String runJar(String jarId, JarRunRequest request) {
        throw notForTheObserver();
    }

    @Override
    public String triggerSavepoint(
            String jobId, String targetDirectory, String triggerId, SavepointFormat format) {
        throw notForTheObserver();
    }

    @Override
    public String stopWithSavepoint(
            String jobId,
            String targetDirectory,
            boolean drain,
            String triggerId,
            SavepointFormat format) {
        throw notForTheObserver();
    }

    @Override
    public SavepointOperationStatus savepointStatus(String jobId, String triggerId) {
        throw notForTheObserver();
    }

    @Override
    public void cancelJob(String jobId) {
        throw notForTheObserver();
    }

    @Override
    public String triggerSavepointDisposal(String savepointPath) {
        throw notForTheObserver();
    }

    @Override
    public SavepointOperationStatus savepointDisposalStatus(String triggerId) {
        throw notForTheObserver();
    }

    private static AssertionError notForTheObserver() {
        // An Error, so that the observer's RuntimeException handling cannot swallow it.
        return new AssertionError("the observer must only read from Flink");
    }
}
