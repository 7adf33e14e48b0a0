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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Flink cluster for the engine's steps: it knows the jobs and savepoint triggers the test puts
 * in, logs every call the steps make in order, and refuses what no test expects.
 */
final class EngineFlink implements FlinkClient {

    final Map<String, FlinkJobState> jobs = new ConcurrentHashMap<>();
    final Map<String, SavepointOperationStatus> triggers = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();

    /**
     * How a run of an uploaded jar starts, from its request; null (the default) refuses uploads, as
     * the steps of most tests must not launch anything.
     */
    Function<JarRunRequest, FlinkJobState> runs;

    /** The first entry of each jar uploaded, in order: which version the steps ran. */
    final List<String> uploaded = new ArrayList<>();

    /** The ids of the jars Flink holds now; a JobManager started again holds none. */
    final Set<String> stored = new HashSet<>();

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
    public synchronized String uploadJar(Path jarFile) {
        if (runs == null) {
            throw unexpected("uploadJar");
        }
        calls.add("uploadJar");
        try (ZipFile zip = new ZipFile(jarFile.toFile())) {
            uploaded.add(
                    zip.stream()
                            .map(ZipEntry::getName)
                            .filter(n -> !n.startsWith("META-INF/"))
                            .findFirst()
                            .orElse("empty"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stored.add("jar-" + uploaded.size());
        return "jar-" + uploaded.size();
    }

    @Override
    public synchronized void deleteJar(String jarId) {
        if (runs == null) {
            throw unexpected("deleteJar");
        }
        calls.add("deleteJar " + jarId);
        stored.remove(jarId);
    }

    @Override
    public synchronized String runJar(String jarId, JarRunRequest request) {
        if (runs == null) {
            throw unexpected("runJar");
        }
        calls.add("runJar " + request.jobId());
        if (!stored.contains(jarId)) {
            throw new FlinkRequestException(
                    404, List.of("Jar file /tmp/flink-web-upload/" + jarId + " does not exist"));
        }
        jobs.put(request.jobId(), runs.apply(request));
        return request.jobId();
    }

    @Override
    public CheckpointStats checkpointStats(String jobId) {
        throw unexpected("checkpointStats");
    }

    @Override
    public Optional<JobFailure> jobFailure(String jobId) {
        if (runs == null) {
            throw unexpected("jobFailure");
        }
        return Optional.empty();
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
