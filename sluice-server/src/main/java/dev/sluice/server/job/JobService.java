package dev.sluice.server.job;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.Ids;
import dev.sluice.server.storage.StorageRoots;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validates runJob requests, enforces the state machine and one action at a time per job, and
 * persists the action before anything touches Flink; the engine picks it up after commit.
 */
@Service
public class JobService {

    public static final String PARALLELISM = "parallelism";
    public static final String SAVEPOINT_DIRECTORY = "savepoint.directory";

    private final JobStore jobs;
    private final ActionStore actions;
    private final ClusterRegistry clusters;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    JobService(
            JobStore jobs,
            ActionStore actions,
            ClusterRegistry clusters,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.actions = actions;
        this.clusters = clusters;
        this.tx = tx;
        this.events = events;
    }

    /** The result of an accepted runJob: the job as it is now and the action that runs on. */
    public record Accepted(Job job, JobAction action) {}

    /**
     * Accepts a runJob request: validated, persisted with actionResult IN_PROGRESS, then executed
     * by the engine.
     */
    public Accepted runJob(ArmId clusterId, FlinkJobProperties request, String principal) {
        if (request == null) {
            throw ApiException.badRequest(
                    "InvalidRequestContent", "The body needs 'properties'", "properties");
        }
        if (!JobViews.JOB_TYPE.equals(request.jobType())) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "properties.jobType must be \"FlinkJob\", not " + quote(request.jobType()),
                    "properties.jobType");
        }
        String name = request.jobName();
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "properties.jobName is required",
                    "properties.jobName");
        }
        JobActionType action = ActionRequest.type(request.action());
        ClusterRecord cluster = clusters.requireReady(clusterId);
        if (action == JobActionType.NEW && clusters.isApplication(cluster)) {
            throw ApiException.conflict(
                    "ActionNotAllowed",
                    "Cluster '"
                            + cluster.name()
                            + "' runs in Application mode: it runs exactly one job, '"
                            + applicationJobName(cluster.name())
                            + "', deployed with the cluster from its jobSpec. Use STOP, START,"
                            + " UPDATE, ... on that job, or run more jobs on a Session cluster");
        }
        Accepted accepted =
                action == JobActionType.NEW
                        ? tx.execute(status -> createJob(cluster, request, principal))
                        : tx.execute(status -> startAction(cluster, request, action, principal));
        events.publishEvent(new ActionSubmitted(accepted.action().id()));
        return accepted;
    }

    private Accepted createJob(
            ClusterRecord cluster, FlinkJobProperties request, String principal) {
        String name = request.jobName();
        NewJobRequest.requireValid(request);
        JobSpec spec = NewJobRequest.spec(cluster, request, clusters.roots(cluster));
        Instant now = Instant.now();
        String actionId = Ids.newId();
        Job job = Job.create(cluster.id(), name, spec, actionId, now);
        try {
            job = jobs.insert(job);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(
                    "JobAlreadyExists",
                    "A job named '"
                            + name
                            + "' already exists in this cluster; job names are unique per cluster");
        }
        JobAction action =
                newAction(
                        actionId,
                        job,
                        JobActionType.NEW,
                        principal,
                        ActionRequest.parameters(request));
        actions.insert(action);
        return new Accepted(job, action);
    }

    private Accepted startAction(
            ClusterRecord cluster,
            FlinkJobProperties request,
            JobActionType type,
            String principal) {
        Job existing =
                jobs.find(cluster.id(), request.jobName())
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "JobNotFound",
                                                "No job named "
                                                        + quote(request.jobName())
                                                        + " in cluster '"
                                                        + cluster.name()
                                                        + "'"));
        boolean savepointNamed =
                request.savePointName() != null && !request.savePointName().isBlank();
        JobRules.check(existing, type);
        JobRules.requireRestorePoint(existing, type, savepointNamed);
        ActionRequest.requireUsable(clusters.roots(cluster), existing, request, type);
        String actionId = Ids.newId();
        // Re-checked under the row lock: two concurrent requests cannot both start an action.
        Job job =
                jobs.update(
                        existing.id(),
                        current -> {
                            JobRules.check(current, type);
                            JobRules.requireRestorePoint(current, type, savepointNamed);
                            return current.withActionStarted(type, actionId);
                        });
        JobAction action =
                newAction(actionId, job, type, principal, ActionRequest.parameters(request));
        actions.insert(action);
        return new Accepted(job, action);
    }

    /**
     * Starts the action that upgrades an Application-mode cluster's job after a PATCH of the
     * cluster's Flink version or jobSpec: persisted like a runJob action, its parameters carry the
     * changes, which the action applies right before it redeploys the cluster.
     *
     * @throws ApiException 409 ActionInProgress or ActionNotAllowed, 400 SavepointNotFound for a
     *     START without a savepoint
     */
    public JobAction startUpgrade(
            ClusterRecord cluster,
            JobActionType type,
            Map<String, String> parameters,
            String principal) {
        JobAction action =
                tx.execute(
                        status -> {
                            String name = applicationJobName(cluster.name());
                            Job existing =
                                    jobs.find(cluster.id(), name)
                                            .orElseThrow(
                                                    () ->
                                                            ApiException.conflict(
                                                                    "JobNotFound",
                                                                    "Cluster '"
                                                                            + cluster.name()
                                                                            + "' has no job to"
                                                                            + " upgrade"));
                            JobRules.check(existing, type);
                            if (type == JobActionType.START
                                    && existing.restorePoints().savepoint() == null) {
                                throw ApiException.badRequest(
                                        "SavepointNotFound",
                                        "Job '"
                                                + name
                                                + "' is "
                                                + existing.run().status()
                                                + " and has no savepoint to upgrade from; use"
                                                + " upgradeMode STATELESS_UPDATE or"
                                                + " LAST_STATE_UPDATE",
                                        "properties.clusterProfile.flinkProfile.jobSpec"
                                                + ".upgradeMode");
                            }
                            String actionId = Ids.newId();
                            Job job =
                                    jobs.update(
                                            existing.id(),
                                            current -> {
                                                JobRules.check(current, type);
                                                return current.withActionStarted(type, actionId);
                                            });
                            JobAction started =
                                    newAction(actionId, job, type, principal, parameters);
                            actions.insert(started);
                            return started;
                        });
        events.publishEvent(new ActionSubmitted(action.id()));
        return action;
    }

    /**
     * Asks for an action on Sluice's own behalf (a schedule or a supervisor, named by {@code
     * principal}), through the same rules and persistence as a runJob: refused while another action
     * runs or when the job's status does not allow it.
     *
     * @throws ApiException 409 ActionInProgress or ActionNotAllowed
     */
    public JobAction requestAction(long jobId, JobActionType type, String principal) {
        return requestAction(jobId, type, principal, Map.of());
    }

    /**
     * As {@link #requestAction(long, JobActionType, String)}, with parameters that say what asked
     * for it (a cluster delete names its operation).
     */
    public JobAction requestAction(
            long jobId, JobActionType type, String principal, Map<String, String> parameters) {
        return request(
                jobId,
                type,
                principal,
                parameters,
                current -> {
                    JobRules.check(current, type);
                    return current;
                });
    }

    /**
     * Asks RE_LAUNCH of a run its JobManager lost: the deployment target started the JobManager
     * again without the run (no Flink HA). The job becomes RESTARTING with {@code reason} in the
     * transaction that records the action, so it is never FAILED meanwhile and a server killed
     * after the commit resumes the action.
     *
     * @throws ApiException 409 ActionInProgress, or ActionNotAllowed when the job has another run
     *     by now or is no longer live
     */
    public JobAction relaunchLostRun(
            long jobId, String flinkJobId, String reason, String principal) {
        return request(
                jobId,
                JobActionType.RE_LAUNCH,
                principal,
                Map.of(),
                current -> {
                    JobRules.checkLostRun(current, flinkJobId);
                    return current.withStatus(JobStatus.RESTARTING, reason);
                });
    }

    private JobAction request(
            long jobId,
            JobActionType type,
            String principal,
            Map<String, String> parameters,
            UnaryOperator<Job> check) {
        JobAction action =
                tx.execute(
                        status -> {
                            String actionId = Ids.newId();
                            Job job =
                                    jobs.update(
                                            jobId,
                                            current ->
                                                    check.apply(current)
                                                            .withActionStarted(type, actionId));
                            JobAction started =
                                    newAction(actionId, job, type, principal, parameters);
                            actions.insert(started);
                            return started;
                        });
        events.publishEvent(new ActionSubmitted(action.id()));
        return action;
    }

    /** The name of an Application-mode cluster's job: the cluster's, in lower case. */
    public static String applicationJobName(String clusterName) {
        return clusterName.toLowerCase(Locale.ROOT);
    }

    // The NEW request's rules live in the package-private NewJobRequest; these stay the public
    // entry points that lifecycle, action and portal already call.

    /** Whether {@code name} can name a job. */
    public static boolean validJobName(String name) {
        return NewJobRequest.validJobName(name);
    }

    /** The job's stored configuration: the user's keys plus the seeds' defaults made explicit. */
    public static Map<String, String> jobConfiguration(
            ClusterRecord cluster, String name, Map<String, String> requested, StorageRoots roots) {
        return NewJobRequest.configuration(cluster, name, requested, roots);
    }

    /**
     * {@code <cluster storage>/<deployment id>/<kind>/<job name>}, the seeds' default layout per
     * job.
     */
    public static String defaultPath(ClusterRecord cluster, String kind, String jobName) {
        return NewJobRequest.defaultPath(cluster, kind, jobName);
    }

    private static JobAction newAction(
            String id,
            Job job,
            JobActionType type,
            String principal,
            Map<String, String> parameters) {
        return JobAction.create(id, job, type, principal, parameters, Instant.now());
    }

    /** Program arguments as the seeds define them: separated by spaces. */
    public static List<String> splitArgs(String args) {
        return NewJobRequest.splitArgs(args);
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
