package dev.sluice.server.deploy.local;

import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.deploy.ApplicationRun;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.DeploymentTarget;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.deploy.FlinkVersions;
import dev.sluice.server.deploy.LogFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local Flink processes behind the deployment port: {@link #apply} runs today's synchronous start
 * (or redeploy of an application cluster) on a daemon thread and remembers in memory whether it is
 * under way, running or failed; a deployment it does not hold is adopted from its recorded
 * processes, as a restarted server does.
 */
public final class LocalDeploymentTarget implements DeploymentTarget, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDeploymentTarget.class);
    // A start ends soon after its interrupt (it sleeps or waits on a child process).
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(90);

    private final ClusterProcesses processes;
    private final Supplier<FlinkVersions> versions;
    private final ThreadFactory threads = DaemonThreads.numbered("sluice-local-deploy");
    private final Map<String, Held> held = new HashMap<>();

    /** What this target knows of a deployment it applied or adopted. */
    private sealed interface Held {
        ClusterSpec spec();
    }

    private record Starting(ClusterSpec spec, Thread thread) implements Held {}

    private record Running(ClusterSpec spec, LocalCluster cluster) implements Held {}

    private record Broken(ClusterSpec spec, DeploymentFailure failure) implements Held {}

    public LocalDeploymentTarget(LocalProcessDeployer deployer, FlinkRuntimes runtimes) {
        this(deployer, runtimes::versions);
    }

    LocalDeploymentTarget(ClusterProcesses processes, Supplier<FlinkVersions> versions) {
        this.processes = processes;
        this.versions = versions;
    }

    @Override
    public String name() {
        return DeploymentTargets.LOCAL;
    }

    @Override
    public void apply(ClusterSpec spec) {
        LocalClusterSpec local = localSpec(spec);
        Starting previous;
        synchronized (held) {
            Held now = held.get(spec.deploymentId());
            if (now != null && !(now instanceof Broken) && now.spec().equals(spec)) {
                return;
            }
            previous = now instanceof Starting starting ? starting : null;
        }
        if (previous != null) {
            cancel(previous);
        }
        synchronized (held) {
            Thread thread =
                    threads.newThread(
                            () -> {
                                Held outcome = deploy(spec, local);
                                synchronized (held) {
                                    // A remove or a newer apply took over meanwhile.
                                    if (held.get(spec.deploymentId()) instanceof Starting s
                                            && s.thread() == Thread.currentThread()) {
                                        held.put(spec.deploymentId(), outcome);
                                    }
                                }
                            });
            held.put(spec.deploymentId(), new Starting(spec, thread));
            thread.start();
        }
    }

    @Override
    public DeploymentState observe(String deploymentId) {
        Held known;
        synchronized (held) {
            known = held.get(deploymentId);
        }
        if (known instanceof Running running) {
            // The supervision may have started the cluster again since (its JobManager died).
            LocalCluster now = processes.recorded(deploymentId).orElse(running.cluster());
            if (now.spec().application() != null && processes.jobManagerDied(deploymentId)) {
                // Nothing starts it again by itself: its job's next run (a RE_LAUNCH) does.
                return new DeploymentState.Failed(
                        DeploymentFailure.of(
                                Kind.PROCESS_EXITED,
                                "The JobManager (pid "
                                        + now.jobManagerPid()
                                        + ") of Application-mode cluster "
                                        + deploymentId
                                        + " died"));
            }
            return ready(now);
        }
        if (known != null) {
            return state(known);
        }
        Optional<LocalCluster> adopted = processes.adopt(deploymentId);
        if (adopted.isEmpty()) {
            return new DeploymentState.Missing();
        }
        synchronized (held) {
            Held now =
                    held.computeIfAbsent(
                            deploymentId,
                            id -> new Running(recordedSpec(adopted.get()), adopted.get()));
            return state(now);
        }
    }

    @Override
    public void remove(String deploymentId) {
        Held removed;
        synchronized (held) {
            removed = held.remove(deploymentId);
        }
        if (removed instanceof Starting starting) {
            cancel(starting);
        }
        processes.stop(deploymentId);
    }

    @Override
    public FlinkVersions flinkVersions() {
        return versions.get();
    }

    @Override
    public List<LogFile> logs(String deploymentId) {
        Path logs = processes.directory(deploymentId).resolve("log");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        List<LogFile> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(logs)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.add(new LocalLogFile(file, Files.size(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + logs, e);
        }
        return files;
    }

    @Override
    public Map<String, URI> endpoints(String deploymentId) {
        Path dir = processes.directory(deploymentId);
        Map<String, URI> endpoints = new LinkedHashMap<>();
        HistoryServers.webUrl(dir).ifPresent(url -> endpoints.put(HISTORY_SERVER, url));
        PrometheusPorts.endpoints(dir)
                .forEach((name, url) -> endpoints.put(PROMETHEUS + name, url));
        return endpoints;
    }

    /**
     * Interrupts the starts under way, as a stopping server does: their processes stay recorded,
     * for the next server to adopt.
     */
    @Override
    public void close() {
        synchronized (held) {
            held.values().stream()
                    .filter(Starting.class::isInstance)
                    .forEach(h -> ((Starting) h).thread().interrupt());
        }
    }

    /** The synchronous start, on the deployment's own thread. */
    private Held deploy(ClusterSpec spec, LocalClusterSpec local) {
        try {
            LocalCluster cluster =
                    local.application() == null
                            ? processes.start(local)
                            : processes.redeploy(local);
            // A running cluster adopted with another TaskManager count is scaled, not restarted.
            if (cluster.taskManagerPids().size() != local.taskManagers()) {
                cluster = processes.scale(local.name(), local.taskManagers());
            }
            return new Running(spec, cluster);
        } catch (DeploymentException e) {
            return new Broken(spec, e.failure());
        } catch (IllegalArgumentException e) {
            return new Broken(spec, DeploymentFailure.of(Kind.INVALID_SPEC, message(e)));
        } catch (UncheckedIOException e) {
            return new Broken(spec, DeploymentFailure.of(Kind.IO_ERROR, message(e)));
        } catch (RuntimeException e) {
            LOG.error("Deploying {} failed unexpectedly", spec.deploymentId(), e);
            return new Broken(spec, DeploymentFailure.of(Kind.UNEXPECTED, message(e)));
        } finally {
            // An interrupt meant for this start must not outlive it.
            Thread.interrupted();
        }
    }

    /** Checks what can be checked at once, so that a spec no start could take fails the call. */
    private LocalClusterSpec localSpec(ClusterSpec spec) {
        LocalClusterSpec local;
        try {
            local = LocalClusterSpec.of(spec);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(Kind.INVALID_SPEC, message(e), e);
        }
        try {
            versions.get().resolve(spec.flinkVersion());
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(Kind.UNKNOWN_VERSION, message(e), e);
        }
        return local;
    }

    private static DeploymentState state(Held held) {
        if (held instanceof Running running) {
            return ready(running.cluster());
        }
        if (held instanceof Broken broken) {
            return new DeploymentState.Failed(broken.failure());
        }
        return new DeploymentState.Deploying();
    }

    private static DeploymentState ready(LocalCluster cluster) {
        return new DeploymentState.Ready(
                cluster.restUrl(), cluster.flinkVersion(), cluster.startedAt());
    }

    private static void cancel(Starting starting) {
        starting.thread().interrupt();
        try {
            starting.thread().join(CANCEL_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (starting.thread().isAlive()) {
            LOG.warn(
                    "The start of {} did not end within {} s of its interrupt",
                    starting.spec().deploymentId(),
                    CANCEL_WAIT.toSeconds());
        }
    }

    /** The port's form of what an adopted cluster was started from. */
    private static ClusterSpec recordedSpec(LocalCluster cluster) {
        LocalClusterSpec spec = cluster.spec();
        LocalClusterSpec.Application app = spec.application();
        return new ClusterSpec(
                spec.name(),
                spec.flinkVersion(),
                new ClusterSpec.Resources(spec.jobManagerCpu(), spec.jobManagerMemoryMb()),
                new ClusterSpec.Resources(spec.taskManagerCpu(), spec.taskManagerMemoryMb()),
                spec.taskManagers(),
                spec.slotsPerTaskManager(),
                spec.flinkConfiguration(),
                app == null
                        ? null
                        : new ApplicationRun(
                                app.jarUri(),
                                app.entryClass(),
                                app.args(),
                                app.jobId(),
                                app.restorePath()),
                null);
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** A log file under the cluster's {@code log/} directory. */
    private record LocalLogFile(Path file, long size) implements LogFile {

        @Override
        public String name() {
            return file.getFileName().toString();
        }

        @Override
        public InputStream open(long offset) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        }
    }
}
