package dev.sluice.server.action;

import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.ClusterOverview;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.JarRunRequest;
import dev.sluice.server.flink.JobDetail;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.flink.JobOverview;
import dev.sluice.server.flink.SavepointFormat;
import dev.sluice.server.flink.SavepointOperationStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink cluster for the engine's steps: it knows the jobs and savepoint triggers the test puts
 * in, logs every call the steps make in order, and refuses what no test expects.
 */
final class EngineFlink implements FlinkClient {

    final Map<String, FlinkJobState> jobs = new ConcurrentHashMap<>();
    final Map<String, SavepointOperationStatus> triggers = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public JobDetail jobDetail(String jobId) {
        // Steps decide from the live overview; GET /jobs/:jobid is Flink's cached picture.
        throw unexpected("jobDetail");
    }

    @Override
    public synchronized String triggerSavepoint(
            String jobId, String targetDirectory, String triggerId, SavepointFormat format) {
        calls.add("triggerSavepoint " + jobId);
        triggers.put(triggerId, SavepointOperationStatus.succeeded(targetDirectory + "/sp-1"));
        return triggerId;
    }

    @Override
    public synchronized String stopWithSavepoint(
            String jobId,
            String targetDirectory,
            boolean drain,
            String triggerId,
            SavepointFormat format) {
        calls.add("stopWithSavepoint " + jobId);
        triggers.put(triggerId, SavepointOperationStatus.succeeded(targetDirectory + "/sp-1"));
        jobs.put(jobId, FlinkJobState.FINISHED);
        return triggerId;
    }

    @Override
    public synchronized SavepointOperationStatus savepointStatus(String jobId, String triggerId) {
        calls.add("savepointStatus " + jobId);
        SavepointOperationStatus status = triggers.get(triggerId);
        if (status == null) {
            throw new FlinkRequestException(404, List.of("unknown trigger " + triggerId));
        }
        return status;
    }

    @Override
    public synchronized void cancelJob(String jobId) {
        calls.add("cancelJob " + jobId);
        jobs.put(jobId, FlinkJobState.CANCELED);
    }

    @Override
    public ClusterOverview overview() {
        throw unexpected("overview");
    }

    @Override
    public synchronized List<JobOverview> jobsOverview() {
        calls.add("jobsOverview");
        List<JobOverview> listed = new ArrayList<>();
        jobs.forEach(
                (id, state) ->
                        listed.add(
                                new JobOverview(
                                        id,
                                        "job",
                                        state,
                                        0L,
                                        null,
                                        0L,
                                        0L,
                                        new JobOverview.Tasks(1, 1, 0))));
        return listed;
    }

    @Override
    public String uploadJar(Path jarFile) {
        throw unexpected("uploadJar");
    }

    @Override
    public void deleteJar(String jarId) {
        throw unexpected("deleteJar");
    }

    @Override
    public String runJar(String jarId, JarRunRequest request) {
        throw unexpected("runJar");
    }

    @Override
    public CheckpointStats checkpointStats(String jobId) {
        throw unexpected("checkpointStats");
    }

    @Override
    public Optional<JobFailure> jobFailure(String jobId) {
        throw unexpected("jobFailure");
    }

    @Override
    public String triggerSavepointDisposal(String savepointPath) {
        throw unexpected("triggerSavepointDisposal");
    }

    @Override
    public SavepointOperationStatus savepointDisposalStatus(String triggerId) {
        throw unexpected("savepointDisposalStatus");
    }

    private static AssertionError unexpected(String call) {
        return new AssertionError("the steps must not call " + call + " here");
    }
}
