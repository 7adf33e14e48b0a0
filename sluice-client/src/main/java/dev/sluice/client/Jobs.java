package dev.sluice.client;

import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.ClusterJobList;
import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobSavepoint;
import dev.sluice.api.JobSavepointList;
import dev.sluice.api.SavepointImport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * Flink jobs of a cluster: runJob for every action, the jobs list (with {@code $filter}, across
 * pages) and one job's detail with its action history.
 */
public final class Jobs {

    private static final TypeReference<ClusterJobList> LIST = new TypeReference<>() {};

    /** The body of runJob: an ARM resource whose properties are the job's. */
    private record RunJobBody(FlinkJobProperties properties) {}

    private final Transport transport;
    private final Operations operations;

    Jobs(Transport transport, Operations operations) {
        this.transport = transport;
        this.operations = operations;
    }

    /**
     * Asks for an action; the server runs it in the background.
     *
     * @return the operation; its {@code accepted()} is the job with {@code actionResult:
     *     IN_PROGRESS}
     * @throws SluiceApiException when the server refuses it at once, e.g. 409 {@code
     *     ActionNotAllowed} or {@code ActionInProgress}, 404 {@code JobNotFound}
     */
    public Operation<ClusterJob> beginRun(ClusterRef cluster, FlinkJobProperties properties) {
        Transport.Answer answer =
                transport.sendJson(
                        "POST",
                        transport.uri(cluster.path() + "/runJob"),
                        new RunJobBody(properties));
        return Accepted.operation(
                transport, answer, transport.read(answer, ClusterJob.class), ClusterJob.class);
    }

    /** {@link #beginRun(ClusterRef, FlinkJobProperties)} of a {@link JobRequest}. */
    public Operation<ClusterJob> beginRun(ClusterRef cluster, JobRequest request) {
        return beginRun(cluster, request.build());
    }

    /**
     * Runs an action and waits until it ended.
     *
     * @return the job after the action; its {@code actionResult} is SUCCESS or FAILED, and {@code
     *     jobOutput} says why a FAILED one failed
     * @throws SluiceTimeoutException when the action still runs after {@code timeout}
     */
    public ClusterJob run(
            ClusterRef cluster, JobRequest request, Duration timeout, ProgressListener progress) {
        return await(cluster, beginRun(cluster, request), request.jobName(), timeout, progress);
    }

    /**
     * Waits until a runJob operation ended. A failed action's {@code Location} answers its error,
     * as ARM's do (400 {@code ActionFailed}); this returns the job then, FAILED with its reason.
     *
     * @return the job after the action, SUCCESS or FAILED
     * @throws SluiceTimeoutException when the action still runs after {@code timeout}
     */
    public ClusterJob await(
            ClusterRef cluster,
            Operation<ClusterJob> operation,
            String jobName,
            Duration timeout,
            ProgressListener progress) {
        try {
            return operations.await(operation, timeout, progress);
        } catch (SluiceApiException e) {
            if (!"ActionFailed".equals(e.code())) {
                throw e;
            }
            ClusterJobDetail job = get(cluster, jobName);
            return new ClusterJob(job.id(), job.name(), job.type(), job.properties());
        }
    }

    /**
     * Every job of the cluster, following {@code nextLink} across pages.
     *
     * @param filter an OData {@code $filter} such as {@code jobName eq 'counter'}, or null
     */
    public List<ClusterJob> list(ClusterRef cluster, String filter) {
        return transport.collect(
                listUri(cluster, filter, null),
                LIST,
                ClusterJobList::value,
                ClusterJobList::nextLink);
    }

    /**
     * One page of jobs.
     *
     * @param filter an OData {@code $filter}, or null
     * @param top the page size, or null for the server's default
     */
    public ClusterJobList page(ClusterRef cluster, String filter, Integer top) {
        return transport.read(transport.get(listUri(cluster, filter, top)), LIST);
    }

    /** The page a {@code nextLink} names. */
    public ClusterJobList nextPage(String nextLink) {
        return transport.read(transport.get(transport.link(nextLink)), LIST);
    }

    /**
     * One job with its action history, newest first.
     *
     * @throws SluiceApiException 404 {@code JobNotFound}
     */
    public ClusterJobDetail get(ClusterRef cluster, String jobName) {
        return transport.read(
                transport.get(
                        transport.uri(cluster.path() + "/jobs/" + Transport.segment(jobName))),
                ClusterJobDetail.class);
    }

    /**
     * The job's savepoint history, newest first: path, time, size, how each was taken, whether it
     * is usable and whether retention disposed of it.
     *
     * @throws SluiceApiException 404 {@code JobNotFound}
     */
    public List<JobSavepoint> savepoints(ClusterRef cluster, String jobName) {
        return transport
                .read(transport.get(savepointsUri(cluster, jobName, "")), JobSavepointList.class)
                .value();
    }

    /**
     * Records a savepoint made outside Sluice in the job's history; START's savepoint name then
     * takes its path.
     *
     * @param path the savepoint's directory as a URI or path inside the cluster's storage
     * @throws SluiceApiException 400 {@code SavepointNotFound}, {@code InvalidSavepoint}, {@code
     *     PathOutsideStorage}; 404 {@code JobNotFound}
     */
    public JobSavepoint importSavepoint(ClusterRef cluster, String jobName, String path) {
        return transport.read(
                transport.sendJson(
                        "POST",
                        savepointsUri(cluster, jobName, "/import"),
                        new SavepointImport(path)),
                JobSavepoint.class);
    }

    private java.net.URI savepointsUri(ClusterRef cluster, String jobName, String tail) {
        return transport.uri(
                cluster.path() + "/jobs/" + Transport.segment(jobName) + "/savepoints" + tail);
    }

    private java.net.URI listUri(ClusterRef cluster, String filter, Integer top) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("$filter", filter);
        query.put("$top", top == null ? null : top.toString());
        return transport.uri(cluster.path() + "/jobs", query);
    }
}
