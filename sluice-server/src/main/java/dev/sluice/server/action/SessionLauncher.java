package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JarRunRequest;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.RunConfiguration;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches runs on a session cluster: uploads the job's jar from storage (once per version, see
 * {@link UploadedJars}) and runs it via REST.
 */
final class SessionLauncher implements JobLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLauncher.class);

    private final FlinkCalls calls;
    private final Function<ClusterRecord, Map<String, String>> clusterConfiguration;
    private final UploadedJars uploads = new UploadedJars();

    /**
     * One lock per uploaded jar: Flink runs a jar's main() in a class loader over the uploaded
     * file, and the JDK shares one cached JarFile per URL among loaders, so a run that ends closes
     * it under another run of the same upload (NullPointerException "jarFileURLConnection is null",
     * seen in CrashResumeITCase once jars were uploaded once per version). Runs of one upload go
     * one at a time.
     */
    private final ConcurrentMap<String, Object> runLocks = new ConcurrentHashMap<>();

    SessionLauncher(
            FlinkCalls calls, Function<ClusterRecord, Map<String, String>> clusterConfiguration) {
        this.calls = calls;
        this.clusterConfiguration = clusterConfiguration;
    }

    @Override
    public ActionRun launch(ActionRun run, String flinkJobId, String restorePath, boolean fresh) {
        if (fresh || calls.stateOf(run, flinkJobId).isEmpty()) {
            runJar(run, flinkJobId, restorePath);
        }
        return run;
    }

    @Override
    public String delete(ActionRun run) {
        return "Job deleted";
    }

    @Override
    public boolean rollsBack() {
        return true;
    }

    @Override
    public boolean hasProcesses(ActionRun run) {
        return true;
    }

    /**
     * Runs the job's jar as it is now in storage on the session cluster: Flink's copy of it when
     * this server uploaded that version already, else a new upload.
     */
    private void runJar(ActionRun run, String flinkJobId, String restorePath) {
        StorageLocation jar = KeptJars.toRun(run, flinkJobId);
        Optional<StorageEntry> entry = run.roots().storage().stat(jar);
        String restUrl = run.cluster().restUrl();
        JarRunRequest request = request(run, flinkJobId, restorePath);
        Optional<String> uploaded = entry.flatMap(e -> uploads.find(restUrl, e));
        if (uploaded.isPresent()) {
            if (submitted(run, uploaded.get(), request, true)) {
                return;
            }
            // Gone from Flink: its JobManager restarted, or a new version replaced it meanwhile.
            uploads.forget(restUrl, entry.get(), uploaded.get());
        }
        JarFiles.requireValidJar(run.roots(), jar, run.job().spec().jarName());
        // A fresh upload too may be deleted by a launch that replaces its version before it runs:
        // it is uploaded once more then.
        for (int attempt = 1; ; attempt++) {
            String jarId = calls.retrying(run, () -> upload(run, jar));
            Optional<String> unused =
                    entry.isPresent()
                            ? uploads.remember(restUrl, entry.get(), jarId)
                            : Optional.of(jarId);
            try {
                if (submitted(run, jarId, request, attempt == 1)) {
                    return;
                }
            } finally {
                unused.ifPresent(id -> deleteQuietly(run, id));
            }
        }
    }

    private JarRunRequest request(ActionRun run, String flinkJobId, String restorePath) {
        Job job = run.job();
        return JarRunRequest.builder()
                .entryClass(job.spec().entryClass())
                .programArgs(JobService.splitArgs(job.spec().args()))
                .parallelism(
                        Integer.parseInt(
                                job.spec().flinkConfiguration().get(JobService.PARALLELISM)))
                .savepointPath(restorePath)
                .jobId(flinkJobId)
                .flinkConfiguration(
                        RunConfiguration.jobKeys(
                                job,
                                run.cluster(),
                                clusterConfiguration.apply(run.cluster()),
                                calls.properties().checkpointInterval()))
                .build();
    }

    /**
     * Runs an uploaded jar.
     *
     * @param mayBeGone whether Flink may have lost the jar (it was uploaded for an earlier run, or
     *     another launch may have replaced it), so that its absence means "upload it again"
     * @return false when Flink no longer has the jar (and so did not run it)
     */
    private boolean submitted(
            ActionRun run, String jarId, JarRunRequest request, boolean mayBeGone) {
        String flinkJobId = request.jobId();
        try {
            synchronized (runLocks.computeIfAbsent(jarId, id -> new Object())) {
                run.flink().runJar(jarId, request);
            }
        } catch (FlinkRequestException e) {
            // A run whose answer was lost may have gone through: Flink knows the id then.
            if (calls.stateOf(run, flinkJobId).isEmpty()) {
                if (mayBeGone && e.isNotFound()) {
                    return false;
                }
                throw new ActionFailure("Flink refused the job: " + e.getMessage(), e.fullText());
            }
        } catch (FlinkUnavailableException e) {
            if (calls.stateOf(run, flinkJobId).isEmpty()) {
                throw e;
            }
        }
        return true;
    }

    /** Flink uploads a local file: storage gives the jar as one (a temporary copy if remote). */
    private static String upload(ActionRun run, StorageLocation jar) {
        try (Storage.LocalCopy copy = run.roots().storage().localCopy(jar)) {
            return run.flink().uploadJar(copy.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jar " + jar, e);
        }
    }

    private static void deleteQuietly(ActionRun run, String jarId) {
        try {
            run.flink().deleteJar(jarId);
        } catch (RuntimeException e) {
            LOG.debug("Could not delete uploaded jar {}: {}", jarId, e.getMessage());
        }
    }
}
