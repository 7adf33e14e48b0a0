package dev.sluice.server.observe;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells a run its JobManager lost from one Flink forgot. The deployment target reports when the
 * JobManager serving a cluster now was started ({@code DeploymentState.Ready.jobManagerSince}); a
 * later start than the action that launched the run means the target started the JobManager again
 * (its supervision, after the process died) and, without Flink HA, the run died with the old one.
 * Such a run is not FAILED: it is relaunched (RE_LAUNCH as {@value #PRINCIPAL}, from its newest
 * checkpoint or savepoint) once; only when that RE_LAUNCH fails does the job become FAILED, with
 * both reasons. Everything it compares is stored (the cluster's {@code cluster.json}, the action
 * row), so a restarted server decides the same.
 */
@Component
class JobManagerRestarts {

    private static final Logger LOG = LoggerFactory.getLogger(JobManagerRestarts.class);

    /** The principal of the relaunches. */
    static final String PRINCIPAL = "sluice:supervision";

    /** A target that cannot tell when its JobManagers started: runs are never taken as lost. */
    static final JobManagerRestarts NONE =
            new JobManagerRestarts(
                    c -> new DeploymentState.Missing(), id -> Optional.empty(), (j, r) -> {});

    private final Function<ClusterRecord, DeploymentState> deployments;
    private final Function<String, Optional<Instant>> actionCreatedAt;
    private final BiConsumer<Job, String> relaunch;

    /**
     * @param deployments how the cluster's deployment is doing, per its target
     * @param actionCreatedAt when an action (by id) was asked for
     * @param relaunch asks RE_LAUNCH of a lost run with the reason (ApiException when refused)
     */
    JobManagerRestarts(
            Function<ClusterRecord, DeploymentState> deployments,
            Function<String, Optional<Instant>> actionCreatedAt,
            BiConsumer<Job, String> relaunch) {
        this.deployments = deployments;
        this.actionCreatedAt = actionCreatedAt;
        this.relaunch = relaunch;
    }

    /** Over the deployment targets, the action rows and the job service. */
    @Autowired
    JobManagerRestarts(DeploymentTargets targets, ActionStore actions, JobService service) {
        this(
                cluster -> deployment(targets, cluster),
                id -> actions.find(id).map(JobAction::createdAt),
                (job, reason) ->
                        service.relaunchLostRun(
                                job.id(), job.run().flinkJobId(), reason, PRINCIPAL));
    }

    private static DeploymentState deployment(DeploymentTargets targets, ClusterRecord cluster) {
        // An external cluster's target only probes the REST API, which just told all it knows.
        if (cluster.external()) {
            return new DeploymentState.Missing();
        }
        return targets.get(ClusterDefinition.target(cluster))
                .observe(ClusterRegistry.deploymentId(cluster.id(), cluster.name()));
    }

    /** One observation round of a cluster: its target is asked at most once, and only if needed. */
    Round round(ClusterRecord cluster) {
        return new Round(cluster);
    }

    /** What one round knows of a cluster's JobManager. */
    final class Round {

        private final ClusterRecord cluster;
        private DeploymentState state = new DeploymentState.Missing();
        private boolean asked;

        private Round(ClusterRecord cluster) {
            this.cluster = cluster;
        }

        /**
         * What to record of a followed run Flink does not list; empty when it was not lost with a
         * JobManager (Flink forgot it: the observer's own FAILED).
         */
        Optional<Observed> vanished(Job job) {
            return lost(job).map(reason -> relaunch(job, reason));
        }

        /**
         * What to record of a followed run while the cluster does not answer: UNKNOWN, with the
         * JobManager's death as the reason when the target tells it; a JobManager that nothing
         * starts again by itself (an Application-mode cluster's) is replaced by the RE_LAUNCH.
         */
        Observed unreachable(Job job, Observed unreachable) {
            Optional<String> lost = lost(job);
            if (lost.isEmpty()) {
                return unreachable;
            }
            return state instanceof DeploymentState.Failed
                    ? relaunch(job, lost.get())
                    : Observed.unreachable(lost.get());
        }

        /**
         * Where the cluster's REST API is now when its target started the JobManager again on other
         * ports (its old ones were taken meanwhile); empty when it did not move.
         */
        Optional<URI> movedTo() {
            return state() instanceof DeploymentState.Ready ready
                            && cluster.restUrl() != null
                            && !ready.restUrl().toString().equals(cluster.restUrl())
                    ? Optional.of(ready.restUrl())
                    : Optional.empty();
        }

        /** The deployment as its target tells it, asked once per round. */
        private DeploymentState state() {
            if (!asked) {
                asked = true;
                try {
                    state = deployments.apply(cluster);
                } catch (RuntimeException e) {
                    // Then nobody can tell: the run is treated as before (UNKNOWN, or FAILED).
                    LOG.debug("Deployment of {} not readable: {}", cluster.name(), e.toString());
                }
            }
            return state;
        }

        /**
         * Why the job's run is lost with the JobManager that ran it; empty when the JobManager
         * serving now is the one the run was launched on (or nobody can tell).
         */
        private Optional<String> lost(Job job) {
            if (job.run().flinkJobId() == null) {
                return Optional.empty();
            }
            DeploymentState state = state();
            if (state instanceof DeploymentState.Failed failed
                    && failed.failure().kind() == Kind.PROCESS_EXITED) {
                return Optional.of(
                        failed.failure().message()
                                + " with Flink job "
                                + job.run().flinkJobId()
                                + " (no Flink HA runs locally); Sluice deploys it again with the"
                                + " job's newest checkpoint or savepoint");
            }
            if (!(state instanceof DeploymentState.Ready ready)
                    || ready.jobManagerSince() == null
                    || job.run().id() == null) {
                return Optional.empty();
            }
            Instant started = ready.jobManagerSince();
            return actionCreatedAt
                    .apply(job.run().id())
                    .filter(started::isAfter)
                    .map(
                            asked ->
                                    "the JobManager of cluster '"
                                            + cluster.name()
                                            + "' died and was started again at "
                                            + started
                                            + " without Flink job "
                                            + job.run().flinkJobId()
                                            + " (no Flink HA runs locally); Sluice relaunches the"
                                            + " job from its newest checkpoint or savepoint");
        }
    }

    /**
     * Acts on a lost run the new JobManager does not list: asks its RE_LAUNCH, or, when the
     * RE_LAUNCH asked for it already failed, returns what to record: FAILED with both reasons.
     *
     * @return the observation to record: the job as it is when a RE_LAUNCH was asked (or refused,
     *     as another action runs: the job is looked at again next round)
     */
    private Observed relaunch(Job job, String reason) {
        if (job.lastAction().type() == JobActionType.RE_LAUNCH
                && job.lastAction().result() == ActionResult.FAILED
                && job.lastAction().activeId() == null
                && Objects.equals(job.run().statusReason(), reason)) {
            return new Observed(JobStatus.FAILED, reason + "; but " + job.lastAction().output());
        }
        try {
            relaunch.accept(job, reason);
            LOG.warn("Job {}: {}", job.name(), reason);
        } catch (ApiException e) {
            LOG.debug("Job {}: no relaunch now: {}", job.name(), e.getMessage());
        }
        return new Observed(job.run().status(), job.run().statusReason());
    }
}
