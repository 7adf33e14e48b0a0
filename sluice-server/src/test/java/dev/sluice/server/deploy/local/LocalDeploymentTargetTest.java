package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.deploy.ApplicationRun;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.FlinkVersions;
import dev.sluice.server.deploy.LogFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local target's apply/observe state machine, over processes that only pretend. */
class LocalDeploymentTargetTest {

    private static final String ID = "session-abc123";
    private static final String JOB_1 = "0".repeat(31) + "1";
    private static final String JOB_2 = "0".repeat(31) + "2";

    @TempDir Path dir;

    private final FakeProcesses processes = new FakeProcesses();
    private final LocalDeploymentTarget target =
            new LocalDeploymentTarget(
                    processes, () -> new FlinkVersions(List.of("1.20.3", "2.3.0"), null));

    @AfterEach
    void release() {
        processes.release.countDown();
        target.close();
    }

    private static ClusterSpec session() {
        return new ClusterSpec(
                ID,
                "1.20",
                new ClusterSpec.Resources(1, 1024),
                new ClusterSpec.Resources(1, 1024),
                1,
                2,
                Map.of(),
                null,
                null);
    }

    private ClusterSpec application(String jobId) {
        ClusterSpec session = session();
        return new ClusterSpec(
                ID,
                "1.20",
                session.jobManager(),
                session.taskManager(),
                1,
                2,
                Map.of(),
                new ApplicationRun(
                        dir.resolve("job.jar").toUri(), "com.example.Job", List.of(), jobId, null),
                null);
    }

    /** Observes until the deployment is no longer under way. */
    private DeploymentState settled() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        DeploymentState state = target.observe(ID);
        while (state instanceof DeploymentState.Deploying && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
            state = target.observe(ID);
        }
        return state;
    }

    @Test
    void applyReturnsAtOnceAndObserveFollowsTheStart() throws InterruptedException {
        processes.release = new CountDownLatch(1);

        target.apply(session());

        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Deploying.class);
        processes.release.countDown();
        DeploymentState.Ready ready = (DeploymentState.Ready) settled();
        assertThat(ready.restUrl()).isEqualTo(URI.create("http://127.0.0.1:18081"));
        assertThat(ready.flinkVersion()).isEqualTo("1.20.3");
        assertThat(ready.jobManagerSince())
                .isEqualTo(processes.adoptable.orElseThrow().startedAt());
        assertThat(processes.calls).containsExactly("start " + ID);
    }

    @Test
    void anApplicationClusterWhoseJobManagerDiedHasFailed() throws InterruptedException {
        target.apply(application(JOB_1));
        settled();

        processes.jobManagerRuns = false;

        DeploymentState state = target.observe(ID);
        assertThat(state).isInstanceOf(DeploymentState.Failed.class);
        assertThat(((DeploymentState.Failed) state).failure().kind())
                .isEqualTo(Kind.PROCESS_EXITED);
        assertThat(((DeploymentState.Failed) state).failure().message())
                .contains("JobManager")
                .contains("died");
    }

    @Test
    void aSessionClusterWhoseJobManagerDiedIsLeftToTheSupervision() throws InterruptedException {
        target.apply(session());
        settled();

        processes.jobManagerRuns = false;

        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Ready.class);
    }

    @Test
    void aJobManagerTheSupervisionStartedAgainShowsItsNewStartTime() throws InterruptedException {
        target.apply(session());
        Instant first = ((DeploymentState.Ready) settled()).jobManagerSince();
        LocalCluster before = processes.adoptable.orElseThrow();
        Instant restarted = first.plusSeconds(30);
        processes.adoptable =
                Optional.of(
                        new LocalCluster(
                                before.spec(),
                                before.flinkVersion(),
                                before.restPort(),
                                before.rpcPort(),
                                7,
                                List.of(8L),
                                before.directory(),
                                restarted));

        DeploymentState.Ready ready = (DeploymentState.Ready) target.observe(ID);

        assertThat(ready.jobManagerSince()).isEqualTo(restarted);
        assertThat(ready.restUrl()).isEqualTo(before.restUrl());
    }

    @Test
    void theSameSpecAgainChangesNothing() throws InterruptedException {
        processes.release = new CountDownLatch(1);
        target.apply(session());
        target.apply(session());
        processes.release.countDown();
        settled();

        target.apply(session());

        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Ready.class);
        assertThat(processes.calls).containsExactly("start " + ID);
    }

    @Test
    void anotherTaskManagerCountScalesTheRunningClusterWithoutStartingItAgain()
            throws InterruptedException {
        target.apply(session());
        settled();

        target.apply(withTaskManagers(session(), 3));
        assertThat(settled()).isInstanceOf(DeploymentState.Ready.class);
        target.apply(withTaskManagers(session(), 1));
        assertThat(settled()).isInstanceOf(DeploymentState.Ready.class);

        assertThat(processes.calls)
                .containsExactly(
                        "start " + ID,
                        "start " + ID,
                        "scale " + ID + " to 3",
                        "start " + ID,
                        "scale " + ID + " to 1");
        assertThat(processes.adoptable.orElseThrow().taskManagerPids()).hasSize(1);
    }

    private static ClusterSpec withTaskManagers(ClusterSpec spec, int taskManagers) {
        return new ClusterSpec(
                spec.deploymentId(),
                spec.flinkVersion(),
                spec.jobManager(),
                spec.taskManager(),
                taskManagers,
                spec.slotsPerTaskManager(),
                spec.flinkConfiguration(),
                spec.application(),
                spec.restUrl());
    }

    @Test
    void anotherApplicationRunRedeploys() throws InterruptedException {
        target.apply(application(JOB_1));
        settled();

        target.apply(application(JOB_2));

        assertThat(settled()).isInstanceOf(DeploymentState.Ready.class);
        assertThat(processes.calls).containsExactly("redeploy " + JOB_1, "redeploy " + JOB_2);
    }

    @Test
    void aFailedStartIsObservedTypedAndTriedAgainOnTheSameSpec() throws InterruptedException {
        processes.failure = new DeploymentException(Kind.PORT_IN_USE, "port 8081 is in use");
        target.apply(session());

        DeploymentState failed = settled();

        assertThat(failed).isInstanceOf(DeploymentState.Failed.class);
        assertThat(((DeploymentState.Failed) failed).failure().kind()).isEqualTo(Kind.PORT_IN_USE);
        assertThat(((DeploymentState.Failed) failed).failure().message())
                .isEqualTo("port 8081 is in use");

        processes.failure = null;
        target.apply(session());

        assertThat(settled()).isInstanceOf(DeploymentState.Ready.class);
        assertThat(processes.calls).containsExactly("start " + ID, "start " + ID);
    }

    @Test
    void anUnexpectedExceptionOfAStartIsAFailureToo() throws InterruptedException {
        processes.failure = new IllegalArgumentException("Cluster name is odd");
        target.apply(session());

        DeploymentState failed = settled();

        assertThat(((DeploymentState.Failed) failed).failure().kind()).isEqualTo(Kind.INVALID_SPEC);
    }

    @Test
    void aDeploymentItDoesNotHoldIsAdoptedOrMissing() {
        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Missing.class);

        processes.adoptable = Optional.of(processes.cluster(LocalClusterSpec.of(session())));

        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Ready.class);
        assertThat(processes.calls).containsExactly("adopt " + ID, "adopt " + ID);
        // Held now: the same spec again changes nothing.
        target.apply(session());
        assertThat(processes.calls).containsExactly("adopt " + ID, "adopt " + ID);
    }

    @Test
    void removeInterruptsAStartUnderWayBeforeItStops() throws InterruptedException {
        processes.release = new CountDownLatch(1);
        target.apply(session());
        while (processes.calls.isEmpty()) {
            Thread.sleep(5);
        }

        target.remove(ID);

        assertThat(processes.calls).containsExactly("start " + ID, "interrupted", "stop " + ID);
        assertThat(processes.adoptable).isEmpty();
        assertThat(target.observe(ID)).isInstanceOf(DeploymentState.Missing.class);
    }

    @Test
    void aSpecNoStartCouldTakeFailsTheCall() {
        ClusterSpec noResources =
                new ClusterSpec(ID, "1.20", null, null, 1, 1, Map.of(), null, null);
        ClusterSpec oldFlink =
                new ClusterSpec(
                        ID,
                        "1.17",
                        session().jobManager(),
                        session().taskManager(),
                        1,
                        1,
                        Map.of(),
                        null,
                        null);

        assertThatThrownBy(() -> target.apply(noResources))
                .isInstanceOfSatisfying(
                        DeploymentException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(Kind.INVALID_SPEC));
        assertThatThrownBy(() -> target.apply(oldFlink))
                .isInstanceOfSatisfying(
                        DeploymentException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(Kind.UNKNOWN_VERSION))
                .hasMessageContaining("'1.17' is not available");
        assertThat(processes.calls).isEmpty();
    }

    @Test
    void logsAreReadFromAnOffset() throws IOException {
        Path log =
                Files.createDirectories(dir.resolve(ID).resolve("log")).resolve("jobmanager.log");
        Files.writeString(log, "line 1\nline 2\n");

        List<LogFile> logs = target.logs(ID);

        assertThat(logs).extracting(LogFile::name).containsExactly("jobmanager.log");
        assertThat(logs.get(0).size()).isEqualTo(14);
        try (InputStream in = logs.get(0).open(7)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("line 2\n");
        }
        assertThat(target.logs("other")).isEmpty();
    }

    /** Processes that start at once (or when released), remembering what was asked of them. */
    private final class FakeProcesses implements ClusterProcesses {

        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile RuntimeException failure;
        volatile Optional<LocalCluster> adoptable = Optional.empty();
        volatile boolean jobManagerRuns = true;

        @Override
        public LocalCluster start(LocalClusterSpec spec) {
            calls.add("start " + spec.name());
            // As the real one: a cluster whose processes run is adopted as it is.
            return adoptable.isPresent() ? adoptable.get() : started(spec);
        }

        @Override
        public LocalCluster scale(String name, int taskManagers) {
            calls.add("scale " + name + " to " + taskManagers);
            LocalClusterSpec spec = adoptable.orElseThrow().spec();
            LocalCluster scaled =
                    cluster(
                            new LocalClusterSpec(
                                    spec.name(),
                                    spec.flinkVersion(),
                                    spec.jobManagerMemoryMb(),
                                    spec.jobManagerCpu(),
                                    spec.taskManagerMemoryMb(),
                                    spec.taskManagerCpu(),
                                    taskManagers,
                                    spec.slotsPerTaskManager(),
                                    spec.flinkConfiguration(),
                                    spec.application()));
            adoptable = Optional.of(scaled);
            return scaled;
        }

        @Override
        public LocalCluster redeploy(LocalClusterSpec spec) {
            calls.add("redeploy " + spec.application().jobId());
            return started(spec);
        }

        @Override
        public Optional<LocalCluster> adopt(String name) {
            calls.add("adopt " + name);
            return adoptable;
        }

        @Override
        public boolean stop(String name) {
            calls.add("stop " + name);
            boolean was = adoptable.isPresent();
            adoptable = Optional.empty();
            return was;
        }

        @Override
        public Optional<LocalCluster> recorded(String name) {
            return adoptable;
        }

        @Override
        public boolean jobManagerDied(String name) {
            return !jobManagerRuns;
        }

        @Override
        public Path directory(String name) {
            return dir.resolve(name);
        }

        private LocalCluster started(LocalClusterSpec spec) {
            try {
                release.await();
            } catch (InterruptedException e) {
                calls.add("interrupted");
                throw new DeploymentException(Kind.INTERRUPTED, "Interrupted", e);
            }
            if (failure != null) {
                throw failure;
            }
            LocalCluster cluster = cluster(spec);
            adoptable = Optional.of(cluster);
            return cluster;
        }

        LocalCluster cluster(LocalClusterSpec spec) {
            return new LocalCluster(
                    spec,
                    "1.20.3",
                    18081,
                    16123,
                    1,
                    LongStream.rangeClosed(2, spec.taskManagers() + 1).boxed().toList(),
                    directory(spec.name()).toString(),
                    Instant.now());
        }
    }
}
