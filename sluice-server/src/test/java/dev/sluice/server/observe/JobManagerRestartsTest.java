package dev.sluice.server.observe;

import static dev.sluice.server.observe.ObserverFixture.flinkJobId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run whose JobManager the deployment target started again after the run was launched is
 * relaunched, never FAILED without a cause; a run Flink forgot on a JobManager that ran it stays
 * FAILED as before.
 */
class JobManagerRestartsTest {

    private static final String ID = flinkJobId(1);
    private static final Instant ASKED = Instant.parse("2026-12-07T01:00:00Z");

    private final ObserverFixture fixture = new ObserverFixture();
    private final ClusterRecord alpha = fixture.cluster("alpha");
    private final FakeFlinkClient flink = fixture.flink(alpha);
    private final List<String> relaunches = new ArrayList<>();
    private Optional<Instant> jobManagerSince = Optional.empty();
    private DeploymentState deployment;
    private int targetCalls;
    private RuntimeException refusal;

    private final JobManagerRestarts restarts =
            new JobManagerRestarts(
                    cluster -> {
                        targetCalls++;
                        if (deployment != null) {
                            return deployment;
                        }
                        return jobManagerSince
                                .<DeploymentState>map(
                                        since ->
                                                new DeploymentState.Ready(
                                                        URI.create("http://alpha:8081"),
                                                        "1.20.3",
                                                        since))
                                .orElseGet(DeploymentState.Missing::new);
                    },
                    id -> Optional.of(ASKED),
                    (job, reason) -> {
                        if (refusal != null) {
                            throw refusal;
                        }
                        relaunches.add(job.name() + ": " + reason);
                        // As JobService.relaunchLostRun records it.
                        fixture.jobs.update(
                                job.id(),
                                j ->
                                        j.withStatus(JobStatus.RESTARTING, reason)
                                                .withActionStarted(JobActionType.RE_LAUNCH, "r1"));
                    });

    private final JobStatusObserver observer =
            new JobStatusObserver(
                    fixture.resources::listAllClusters,
                    c -> flink,
                    fixture.jobs,
                    fixture.resources,
                    new ObserverProperties(
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(10),
                            true,
                            Duration.ZERO,
                            Duration.ZERO),
                    fixture.nanos::get,
                    restarts);

    @Test
    void aRunLostWithItsJobManagerIsRelaunchedNotFailed() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        jobManagerSince = Optional.of(ASKED.plusSeconds(60));
        flink.jobsOverview = List::of;

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(relaunches).hasSize(1);
        assertThat(now.run().status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(now.run().statusReason())
                .contains("JobManager of cluster 'alpha' died")
                .contains("without Flink job " + ID)
                .contains("relaunches the job from its newest checkpoint or savepoint");
        assertThat(now.lastAction().activeId()).isEqualTo("r1");
    }

    @Test
    void aRunFlinkForgotOnTheJobManagerThatRanItIsFailedAsBefore() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        // The JobManager started before the run was asked for: it ran it, and forgot it.
        jobManagerSince = Optional.of(ASKED.minusSeconds(60));
        flink.jobsOverview = List::of;

        observer.tick();

        assertThat(relaunches).isEmpty();
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(fixture.reload(job).run().statusReason()).contains("no longer knows job");
    }

    @Test
    void aTargetThatCannotTellLeavesTheVanishedRunFailed() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = List::of;

        observer.tick();

        assertThat(relaunches).isEmpty();
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void whileTheNewJobManagerDoesNotAnswerTheJobIsUnknownWithTheReason() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        Job other = fixture.job(alpha, "other", JobStatus.RUNNING, flinkJobId(2));
        jobManagerSince = Optional.of(ASKED.plusSeconds(60));
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(
                            "connection refused", new ConnectException());
                };

        observer.tick();

        assertThat(relaunches).isEmpty();
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(fixture.reload(job).run().statusReason())
                .contains("JobManager of cluster 'alpha' died");
        assertThat(fixture.reload(other).run().status()).isEqualTo(JobStatus.UNKNOWN);
        // The target is asked once per cluster and round, not once per job.
        assertThat(targetCalls).isEqualTo(1);
    }

    @Test
    void aJobManagerStartedAgainOnOtherPortsIsFollowedThereAndItsLostRunsRelaunched() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        deployment =
                new DeploymentState.Ready(
                        URI.create("http://alpha:9091"), "1.20.3", ASKED.plusSeconds(60));
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(
                            "connection refused", new ConnectException());
                };

        observer.tick();

        ClusterRecord moved = fixture.resources.findCluster(alpha.id()).orElseThrow();
        assertThat(moved.restUrl()).isEqualTo("http://alpha:9091");
        assertThat(moved.status()).isEqualTo("Running");
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(relaunches).isEmpty();

        // The next round asks the new JobManager, which knows none of the old runs.
        flink.jobsOverview = List::of;
        observer.tick();

        assertThat(relaunches).hasSize(1);
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.RESTARTING);
    }

    @Test
    void aJobManagerOnItsOldPortsLeavesTheRecordAlone() {
        fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        deployment =
                new DeploymentState.Ready(
                        URI.create("http://alpha:8081"), "1.20.3", ASKED.plusSeconds(60));
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(
                            "connection refused", new ConnectException());
                };

        observer.tick();

        ClusterRecord now = fixture.resources.findCluster(alpha.id()).orElseThrow();
        assertThat(now.restUrl()).isEqualTo("http://alpha:8081");
        assertThat(now.status()).isEqualTo("Unreachable");
    }

    @Test
    void anApplicationClustersDeadJobManagerIsReplacedByTheRelaunch() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        deployment =
                new DeploymentState.Failed(
                        DeploymentFailure.of(
                                DeploymentFailure.Kind.PROCESS_EXITED,
                                "The JobManager (pid 7) of Application-mode cluster alpha died"));
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(
                            "connection refused", new ConnectException());
                };

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(relaunches).hasSize(1);
        assertThat(now.run().status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(now.run().statusReason())
                .contains("Application-mode cluster alpha died with Flink job " + ID)
                .contains("deploys it again");
    }

    @Test
    void anotherFailureOfTheDeploymentIsNoLostRun() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        deployment =
                new DeploymentState.Failed(
                        DeploymentFailure.of(DeploymentFailure.Kind.TIMEOUT, "not ready"));
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(
                            "connection refused", new ConnectException());
                };

        observer.tick();

        assertThat(relaunches).isEmpty();
        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(fixture.reload(job).run().statusReason()).contains("unreachable");
    }

    @Test
    void jobsFlinkStillListsDoNotAskTheTarget() {
        fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview =
                () ->
                        List.of(
                                ObserverFixture.seen(
                                        ID, dev.sluice.server.flink.FlinkJobState.RUNNING));

        observer.tick();

        assertThat(targetCalls).isZero();
        assertThat(relaunches).isEmpty();
    }

    @Test
    void aFailedRelaunchOfTheLostRunMakesTheJobFailedWithBothReasons() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        jobManagerSince = Optional.of(ASKED.plusSeconds(60));
        flink.jobsOverview = List::of;
        observer.tick();
        fixture.jobs.update(
                job.id(),
                j ->
                        j.withActionEnded(
                                ActionResult.FAILED,
                                "RE_LAUNCH failed: Job 'counter' has neither a retained checkpoint"
                                        + " nor a savepoint to relaunch from"));

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(relaunches).hasSize(1);
        assertThat(now.run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.run().statusReason())
                .contains("JobManager of cluster 'alpha' died")
                .contains("RE_LAUNCH failed: Job 'counter' has neither");
    }

    @Test
    void aRefusedRelaunchLeavesTheJobForTheNextRound() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        jobManagerSince = Optional.of(ASKED.plusSeconds(60));
        flink.jobsOverview = List::of;
        refusal = ApiException.conflict("ActionInProgress", "busy");

        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.RUNNING);
        refusal = null;
        observer.tick();
        assertThat(relaunches).hasSize(1);
    }
}
