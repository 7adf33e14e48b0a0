package dev.sluice.server.flink;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The port through which Sluice talks to one Flink cluster's REST API (Flink 1.20 and 2.x).
 *
 * <p>Every method either returns Flink's answer or throws {@link FlinkUnavailableException}
 * (transient: Flink unreachable, timing out or temporarily unable; retry later) or {@link
 * FlinkRequestException} (Flink refused the request; {@link FlinkRequestException#isNotFound()}
 * tells an unknown job/jar/trigger id apart). Ids are Flink's 32-hex-digit ids; trigger ids are
 * chosen by the caller so that a retried trigger is recognised by Flink as the same operation
 * instead of starting a second one.
 */
public interface FlinkClient {

    /** GET /overview. */
    ClusterOverview overview();

    /** GET /jobs/overview: every job the cluster still remembers, running or terminated. */
    List<JobOverview> jobsOverview();

    /** GET /jobs/:jobid. */
    JobDetail jobDetail(String jobId);

    /**
     * POST /jars/upload of a local jar.
     *
     * @return the jar id Flink assigned (its stored file name, "&lt;uuid&gt;_&lt;name&gt;.jar")
     */
    String uploadJar(Path jarFile);

    /** DELETE /jars/:jarid. An unknown jar id fails with isNotFound(). */
    void deleteJar(String jarId);

    /**
     * POST /jars/:jarid/run: runs the jar's main() on the JobManager, which submits the job.
     * Failures of main() itself (bad entry class, unknown savepoint, duplicate job id) come back as
     * {@link FlinkRequestException}. A timeout does not mean the job was not submitted: look up the
     * caller-chosen {@link JarRunRequest#jobId()} to find out.
     *
     * @return the id of the submitted job
     */
    String runJar(String jarId, JarRunRequest request);

    /**
     * POST /jobs/:jobid/savepoints with cancel-job=false.
     *
     * @param targetDirectory where to write the savepoint; null uses the cluster's configured
     *     default (execution.checkpointing.savepoint-dir), and Flink refuses when there is none
     * @param triggerId the caller's id for this operation (32 hex digits), or null to let Flink
     *     choose; re-sending the same id does not start a second savepoint
     * @param format null for Flink's default (CANONICAL)
     * @return the trigger id to poll with {@link #savepointStatus}
     */
    String triggerSavepoint(
            String jobId,
            @Nullable String targetDirectory,
            @Nullable String triggerId,
            @Nullable SavepointFormat format);

    /**
     * POST /jobs/:jobid/stop: takes a savepoint and then stops the job (FINISHED). The status can
     * read COMPLETED a moment before the job itself reaches FINISHED.
     *
     * @param drain true to emit MAX_WATERMARK first (end of event time), which is only right when
     *     the job will not be resumed from this savepoint
     * @return the trigger id to poll with {@link #savepointStatus}
     */
    String stopWithSavepoint(
            String jobId,
            @Nullable String targetDirectory,
            boolean drain,
            @Nullable String triggerId,
            @Nullable SavepointFormat format);

    /**
     * GET /jobs/:jobid/savepoints/:triggerid, for both plain savepoints and stop-with-savepoint.
     * Flink keeps the result for a while after the job has stopped; an id it does not know fails
     * with isNotFound().
     */
    SavepointOperationStatus savepointStatus(String jobId, String triggerId);

    /**
     * PATCH /jobs/:jobid?mode=cancel. Flink accepts this again for a job that is already CANCELED,
     * but answers HTTP 409 (a {@link FlinkRequestException} with status 409) for one that already
     * FINISHED or FAILED.
     */
    void cancelJob(String jobId);

    /** GET /jobs/:jobid/checkpoints. */
    CheckpointStats checkpointStats(String jobId);

    /**
     * GET /jobs/:jobid/exceptions: the job's most recent failure, or empty when it has none. This
     * can be a failure the job has since recovered from (after a restart).
     */
    Optional<JobFailure> jobFailure(String jobId);

    /**
     * POST /savepoint-disposal: deletes a savepoint's files through the cluster (which has the file
     * system plugins and credentials to reach them).
     *
     * @return the trigger id to poll with {@link #savepointDisposalStatus}
     */
    String triggerSavepointDisposal(String savepointPath);

    /** GET /savepoint-disposal/:triggerid; location is always null for a disposal. */
    SavepointOperationStatus savepointDisposalStatus(String triggerId);
}
