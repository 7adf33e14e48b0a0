package dev.sluice.server.observe;

import static dev.sluice.server.observe.ObserverFixture.flinkJobId;
import static dev.sluice.server.observe.ObserverFixture.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.JobFailure;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobStatus;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobStatusObserverTest {

    private static final String ID = flinkJobId(1);
    private static final String ACTION = "a".repeat(32);
    private static final String TRACE =
            """
            org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
            \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:180)
            Caused by: java.lang.IllegalStateException: boom
            \tat dev.sluice.Example.map(Example.java:42)
            """;

    private final ObserverFixture fixture = new ObserverFixture();
    private final ClusterRecord alpha = fixture.cluster("alpha");
    private final FakeFlinkClient flink = fixture.flink(alpha);
    private final JobStatusObserver observer = fixture.observer();

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "RUNNING, RUNNING, null",
                "CREATED, INITIALIZING, null",
                "INITIALIZING, INITIALIZING, null",
                "RECONCILING, INITIALIZING, null",
                "RESTARTING, RESTARTING, null",
                "FAILING, RESTARTING, null",
                "CANCELLING, CANCELLED, cancelled outside Sluice",
                "CANCELED, CANCELLED, cancelled outside Sluice",
                "FINISHED, FINISHED, null",
            })
    void recordsFlinksStateAsTheJobsStatus(FlinkJobState state, JobStatus status, String reason) {
        // UNKNOWN with a reason, so that even RUNNING -> RUNNING is a change (the reason goes).
        Job job = fixture.job(alpha, "counter", JobStatus.UNKNOWN, "was unreachable", ID, null);
        flink.jobsOverview = () -> List.of(seen(ID, state));

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(status);
        assertThat(now.run().statusReason()).isEqualTo(reason);
        assertThat(flink.jobFailureCalls).hasValue(0);
    }

    @Test
    void suspendedAndUnrecognisedStatesAreUnknownWithAReason() {
        Job suspended = fixture.job(alpha, "suspended", JobStatus.RUNNING, ID);
        Job odd = fixture.job(alpha, "odd", JobStatus.RUNNING, flinkJobId(2));
        flink.jobsOverview =
                () ->
                        List.of(
                                seen(ID, FlinkJobState.SUSPENDED),
                                seen(flinkJobId(2), FlinkJobState.parse("SOMETHING_NEW")));

        observer.tick();

        assertThat(fixture.reload(suspended).run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(fixture.reload(suspended).run().statusReason()).contains("suspended");
        assertThat(fixture.reload(odd).run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(fixture.reload(odd).run().statusReason()).contains("does not know");
    }

    @Test
    void failedJobGetsFlinksRootCauseFromOneLookup() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FAILED));
        flink.jobFailure = id -> Optional.of(JobFailure.fromStackTrace(null, TRACE, 1L, null));

        observer.tick();
        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.run().statusReason()).contains("java.lang.IllegalStateException: boom");
        // FAILED is final: the second round no longer follows the job.
        assertThat(flink.jobFailureCalls).hasValue(1);
    }

    @Test
    void failedJobWhoseExceptionsFlinkHasNotReportedYetIsReadAgainUntilTheCauseArrives() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FAILED));
        // Flink's cached exceptions answer predates the failure.
        flink.jobFailure = id -> Optional.empty();

        observer.tick();

        Job pending = fixture.reload(job);
        assertThat(pending.run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(pending.run().causePending()).isTrue();
        observer.tick();
        assertThat(fixture.reload(job).run().causePending()).isTrue();

        flink.jobFailure = id -> Optional.of(JobFailure.fromStackTrace(null, TRACE, 1L, null));
        observer.tick();

        Job failed = fixture.reload(job);
        assertThat(failed.run().causePending()).isFalse();
        assertThat(failed.run().statusReason()).contains("java.lang.IllegalStateException: boom");
        observer.tick();
        assertThat(flink.jobFailureCalls).hasValue(3);
    }

    @Test
    void failedJobWhoseExceptionCannotBeReadIsStillFailed() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FAILED));
        flink.jobFailure =
                id -> {
                    throw new FlinkRequestException(404, List.of("Job not found"));
                };

        observer.tick();

        assertThat(fixture.reload(job).run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(fixture.reload(job).run().statusReason()).contains("could not be read");
    }

    @Test
    void liveJobFlinkForgotIsFailed() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(flinkJobId(9), FlinkJobState.RUNNING));

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.run().statusReason())
                .isEqualTo("Flink no longer knows job " + ID + "; the cluster may have restarted");
    }

    @Test
    void jobsThatAreNotLiveOrNeverRanAreNotFollowed() {
        Job stopped = fixture.job(alpha, "stopped", JobStatus.STOPPED, ID);
        Job neverRan = fixture.job(alpha, "never", JobStatus.NOT_STARTED, null);
        Job noRun = fixture.job(alpha, "norun", JobStatus.RUNNING, null);

        observer.tick();

        assertThat(fixture.reload(stopped)).isEqualTo(stopped);
        assertThat(fixture.reload(neverRan)).isEqualTo(neverRan);
        assertThat(fixture.reload(noRun)).isEqualTo(noRun);
    }

    @Test
    void unreachableClusterMakesJobsUnknownNotFailedAndRecovers() {
        Job running = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        Job stopped = fixture.job(alpha, "stopped", JobStatus.STOPPED, flinkJobId(2));
        String message = "Flink at http://alpha:8081 unreachable for GET /jobs/overview";
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException(message, new ConnectException());
                };

        observer.tick();

        String reason = "cluster alpha unreachable: " + message;
        Job unknown = fixture.reload(running);
        assertThat(unknown.run().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(unknown.run().statusReason()).isEqualTo(reason);
        assertThat(fixture.reload(stopped)).isEqualTo(stopped);
        ClusterRecord down = fixture.reload(alpha);
        assertThat(down.status()).isEqualTo("Unreachable");
        assertThat(down.statusReason()).isEqualTo(reason);
        assertThat(down.provisioningState()).isEqualTo("Succeeded");
        assertThat(down.restUrl()).isEqualTo(alpha.restUrl());

        observer.tick(); // still down: nothing new to write
        assertThat(fixture.reload(running).updatedAt()).isEqualTo(unknown.updatedAt());
        assertThat(fixture.reload(alpha).updatedAt()).isEqualTo(down.updatedAt());

        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.RUNNING));
        observer.tick();

        assertThat(fixture.reload(running).run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.reload(running).run().statusReason()).isNull();
        assertThat(fixture.reload(alpha).status()).isEqualTo("Running");
        assertThat(fixture.reload(alpha).statusReason()).isNull();
        assertThat(flink.jobsOverviewCalls).hasValue(3);
    }

    @Test
    void clusterStatusOfAClusterStillProvisioningIsNotTheObserversToSet() {
        ClusterRecord booting =
                fixture.cluster("booting", "Provisioning", "Starting", "http://booting:8081");
        fixture.flink(booting).jobsOverview =
                () -> {
                    throw new FlinkUnavailableException("refused", new ConnectException());
                };

        observer.tick();

        assertThat(fixture.reload(booting)).isEqualTo(booting);
    }

    @Test
    void jobWithAnActionInProgressIsLeftToTheActionEngine() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, null, ID, ACTION);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.FAILED));

        observer.tick();
        flink.jobsOverview =
                () -> {
                    throw new FlinkUnavailableException("refused", new ConnectException());
                };
        observer.tick();

        assertThat(fixture.reload(job)).isEqualTo(job);
        assertThat(flink.jobFailureCalls).hasValue(0);
    }

    @Test
    void actionThatStartsDuringTheRoundWinsOverTheObservation() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview =
                () -> {
                    fixture.jobs.update(
                            job.id(), j -> j.withActionStarted(JobActionType.STOP, ACTION));
                    return List.of(seen(ID, FlinkJobState.CANCELED));
                };

        observer.tick();

        Job now = fixture.reload(job);
        assertThat(now.run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(now.lastAction().activeId()).isEqualTo(ACTION);
    }

    @Test
    void newRunOrNewStatusDuringTheRoundWinsOverTheObservation() {
        Job rerun = fixture.job(alpha, "rerun", JobStatus.RUNNING, ID);
        Job stopped = fixture.job(alpha, "stopped", JobStatus.RUNNING, flinkJobId(2));
        flink.jobsOverview =
                () -> {
                    fixture.jobs.update(rerun.id(), j -> j.withRun(flinkJobId(3), ACTION));
                    fixture.jobs.update(stopped.id(), j -> j.withStatus(JobStatus.STOPPED, null));
                    return List.of(); // an overview older than both changes
                };

        observer.tick();

        assertThat(fixture.reload(rerun).run().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(fixture.reload(rerun).run().flinkJobId()).isEqualTo(flinkJobId(3));
        assertThat(fixture.reload(stopped).run().status()).isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void nothingIsWrittenWhenNothingChanged() {
        Job job = fixture.job(alpha, "counter", JobStatus.RUNNING, ID);
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.RUNNING));

        observer.tick();
        observer.tick();

        assertThat(fixture.reload(job)).isEqualTo(job);
        assertThat(fixture.reload(alpha)).isEqualTo(alpha);
    }

    @Test
    void oneFailingClusterDoesNotStopTheOthers() {
        ClusterRecord broken = fixture.cluster("broken");
        ClusterRecord refusing = fixture.cluster("refusing");
        Job brokenJob = fixture.job(broken, "a", JobStatus.RUNNING, ID);
        Job refusedJob = fixture.job(refusing, "b", JobStatus.RUNNING, ID);
        Job alphaJob = fixture.job(alpha, "c", JobStatus.INITIALIZING, ID);
        fixture.flink(broken).jobsOverview =
                () -> {
                    throw new IllegalStateException("bad answer");
                };
        fixture.flink(refusing).jobsOverview =
                () -> {
                    throw new FlinkRequestException(404, List.of("Not found: /jobs/overview"));
                };
        flink.jobsOverview = () -> List.of(seen(ID, FlinkJobState.RUNNING));

        observer.tick();

        // Only "unreachable" says anything about the jobs; other failures leave them as they were.
        assertThat(fixture.reload(brokenJob)).isEqualTo(brokenJob);
        assertThat(fixture.reload(refusedJob)).isEqualTo(refusedJob);
        assertThat(fixture.reload(alphaJob).run().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void clusterWithoutRestUrlIsSkipped() {
        ClusterRecord pending = fixture.cluster("pending", "Provisioning", "Starting", null);
        Job job = fixture.job(pending, "counter", JobStatus.RUNNING, ID);

        observer.tick(); // the fixture fails the test if a client is asked for

        assertThat(fixture.reload(job)).isEqualTo(job);
    }

    @Test
    void credentialsInUrlsAreRedacted() {
        assertThat(JobStatusObserver.redact("Flink at https://user:s3cret@flink:8081 unreachable"))
                .isEqualTo("Flink at https://***@flink:8081 unreachable");
        assertThat(JobStatusObserver.redact(null)).isEqualTo("(no message)");
    }
}
