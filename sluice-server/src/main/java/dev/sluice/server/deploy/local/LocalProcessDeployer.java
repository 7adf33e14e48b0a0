package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.local.FlinkProcessLauncher.ResourceParams;
import dev.sluice.server.deploy.local.FlinkProcessLauncher.Role;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.storage.StorageSchemes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Flink session and application clusters as local processes under {@code <data
 * dir>/clusters/<name>/}: one JobManager and N TaskManagers, REST on 127.0.0.1, PIDs and ports
 * recorded in {@code cluster.json} so a restarted server adopts the processes instead of starting
 * new ones.
 */
public final class LocalProcessDeployer implements ClusterProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessDeployer.class);

    private final ClusterStateFiles state;
    private final FlinkRuntimes runtimes;
    private final ClusterReadiness readiness;
    private final FlinkProcessLauncher launcher = new FlinkProcessLauncher();
    private final StorageSchemes storages;
    // The lock of the recorded processes: adopt, stop and the supervision's restarts.
    private final Object processes = new Object();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final TaskManagerScaling scaling;

    /** A deployer that runs application jars from local files only. */
    public LocalProcessDeployer(
            Path dataDir,
            FlinkRuntimes runtimes,
            Function<URI, FlinkClient> clients,
            Duration readyTimeout) {
        this(dataDir, runtimes, clients, readyTimeout, StorageSchemes.local());
    }

    /** A deployer that fetches an application's jar from any storage {@code storages} serves. */
    public LocalProcessDeployer(
            Path dataDir,
            FlinkRuntimes runtimes,
            Function<URI, FlinkClient> clients,
            Duration readyTimeout,
            StorageSchemes storages) {
        this.state =
                new ClusterStateFiles(dataDir.resolve("clusters").toAbsolutePath().normalize());
        this.runtimes = runtimes;
        this.readiness = new ClusterReadiness(clients, readyTimeout);
        this.storages = storages;
        this.scaling =
                new TaskManagerScaling(state, processes, this::withLiveTaskManagers, readiness);
    }

    /**
     * Starts a cluster and waits until its REST endpoint answers with every TaskManager registered.
     * A cluster of that name whose processes still run is adopted instead.
     *
     * @throws DeploymentException naming the cause (port taken, memory rejected, a process that
     *     died, with its log tail) after stopping whatever was started
     * @throws IllegalArgumentException when the Flink version is not bundled
     */
    @Override
    public LocalCluster start(LocalClusterSpec spec) {
        return start(spec, null);
    }

    /** A start anew of {@code previous}'s cluster prefers its ports (see {@link LocalPorts}). */
    private LocalCluster start(LocalClusterSpec spec, @Nullable LocalCluster previous) {
        // Its processes are the start's own until it returns: the supervision leaves them alone.
        starting.add(spec.name());
        try {
            return startOrAdopt(spec, previous);
        } finally {
            starting.remove(spec.name());
        }
    }

    private LocalCluster startOrAdopt(LocalClusterSpec spec, @Nullable LocalCluster previous) {
        Optional<LocalCluster> running = adopt(spec.name());
        if (running.isPresent()) {
            LOG.info("Cluster {} is already running; adopted it", spec.name());
            return running.get();
        }
        FlinkRuntime runtime = runtimes.resolve(spec.flinkVersion());
        Path dir = directory(spec.name());
        Path conf = dir.resolve("conf");
        Path logs = dir.resolve("log");
        createDirectories(conf, logs, dir.resolve("tmp"), dir.resolve("web-upload"));

        int restPort =
                LocalPorts.port(
                        spec, "rest.port", "REST", previous == null ? 0 : previous.restPort());
        int rpcPort =
                LocalPorts.port(
                        spec,
                        "jobmanager.rpc.port",
                        "JobManager RPC",
                        previous == null ? 0 : previous.rpcPort());
        Map<String, String> config = FlinkConfigFile.forCluster(spec, dir, restPort, rpcPort);
        Role jmRole = Role.JOBMANAGER;
        List<String> jmArgs = List.of();
        if (spec.application() != null) {
            config.putAll(ApplicationLaunch.configuration(dir));
            jmRole = Role.APPLICATION;
            jmArgs = ApplicationLaunch.arguments(spec.application(), dir, storages);
        }
        FlinkConfigFile.write(conf.resolve("config.yaml"), config);
        copy(runtime.log4jTemplate(), conf.resolve("log4j.properties"));

        ResourceParams jmParams = launcher.resourceParams(runtime, conf, jmRole);
        ResourceParams tmParams = launcher.resourceParams(runtime, conf, Role.TASKMANAGER);
        LOG.info(
                "Starting Flink {} cluster {}: REST on 127.0.0.1:{}, {} TaskManager(s), logs in {}",
                runtime.version(),
                spec.name(),
                restPort,
                spec.taskManagers(),
                logs);
        List<Process> processes = new ArrayList<>();
        Process jobManager =
                launcher.start(runtime, dir, conf, logs, "jobmanager", jmRole, jmParams, jmArgs);
        processes.add(jobManager);
        List<Long> tmPids = new ArrayList<>();
        for (int i = 0; i < spec.taskManagers(); i++) {
            Process tm = startTaskManager(runtime, dir, i, tmParams);
            processes.add(tm);
            tmPids.add(tm.pid());
        }
        LocalCluster cluster =
                new LocalCluster(
                        spec,
                        runtime.version(),
                        restPort,
                        rpcPort,
                        jobManager.pid(),
                        tmPids,
                        dir.toString(),
                        Instant.now());
        // Recorded before the wait, so a server that dies now still knows what to stop.
        state.write(cluster);
        readiness.await(
                cluster,
                processes,
                () -> {
                    ClusterStop.processes(cluster);
                    state.delete(cluster.name());
                });
        LOG.info("Cluster {} is ready at {}", spec.name(), cluster.restUrl());
        return cluster;
    }

    /**
     * Takes over a cluster started by an earlier server: its JobManager must still run and answer
     * on REST. TaskManagers that died meanwhile are started again.
     */
    @Override
    public Optional<LocalCluster> adopt(String name) {
        synchronized (processes) {
            return adoptLocked(name);
        }
    }

    private Optional<LocalCluster> adoptLocked(String name) {
        Optional<LocalCluster> recorded = state.read(name);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        LocalCluster cluster = recorded.get();
        if (!ClusterStateFiles.isOurs(cluster.jobManagerPid(), cluster.directory())
                || !readiness.answers(cluster)) {
            LOG.info("Cluster {} is recorded but no longer runs; cleaning up", name);
            ClusterStop.processes(cluster);
            state.delete(name);
            return Optional.empty();
        }
        LocalCluster adopted = withLiveTaskManagers(cluster);
        state.write(adopted);
        LOG.info(
                "Adopted cluster {} at {} (JobManager pid {})",
                name,
                adopted.restUrl(),
                adopted.jobManagerPid());
        return Optional.of(adopted);
    }

    /**
     * Makes an application cluster run {@code spec}'s job: processes that already run that job id
     * (a redeploy resumed after a server restart) are adopted, others are stopped and replaced, on
     * the same ports when they are free again so that the REST URL stays.
     */
    @Override
    public LocalCluster redeploy(LocalClusterSpec spec) {
        Optional<LocalCluster> current = adopt(spec.name());
        if (current.isPresent()
                && current.get().spec().application() != null
                && spec.application() != null
                && current.get().spec().application().jobId().equals(spec.application().jobId())) {
            return current.get();
        }
        if (current.isEmpty()) {
            return start(spec);
        }
        stop(spec.name());
        return start(spec, current.get());
    }

    @Override
    public LocalCluster scale(String name, int taskManagers) {
        return scaling.scale(name, taskManagers);
    }

    /** Adopts every recorded cluster whose processes still run. */
    public List<LocalCluster> adoptAll() {
        return state.names().stream().map(this::adopt).flatMap(Optional::stream).toList();
    }

    /** Stops a cluster's processes (TaskManagers first) and forgets it; its logs stay. */
    @Override
    public boolean stop(String name) {
        // Under the lock, so that no TaskManager is started again while its cluster stops.
        synchronized (processes) {
            Optional<LocalCluster> recorded = state.read(name);
            recorded.ifPresent(
                    cluster -> {
                        LOG.info("Stopping cluster {}", name);
                        state.markStopping(name);
                        ClusterStop.processes(cluster);
                    });
            HistoryServers.stop(directory(name));
            state.delete(name);
            return recorded.isPresent();
        }
    }

    /**
     * Starts again every TaskManager of a recorded cluster whose process died, while its JobManager
     * runs and no start of the cluster is under way; Flink's restart strategy then brings its jobs
     * back on the new slots.
     *
     * @return whether one was started again
     */
    boolean replaceDeadTaskManagers(String name) {
        synchronized (processes) {
            Optional<LocalCluster> recorded = state.read(name);
            if (starting.contains(name)
                    || recorded.isEmpty()
                    || !ClusterStateFiles.isOurs(
                            recorded.get().jobManagerPid(), recorded.get().directory())) {
                return false;
            }
            LocalCluster supervised = withLiveTaskManagers(recorded.get());
            if (supervised.equals(recorded.get())) {
                return false;
            }
            state.write(supervised);
            return true;
        }
    }

    /**
     * Starts a session cluster whose JobManager process died again, in its directory and on its
     * ports when they are free ({@link JobManagerSupervision}); its TaskManagers are replaced too.
     * Under the lock, so no stop runs meanwhile. An application cluster is left to its job's
     * RE_LAUNCH, which redeploys it with a new run from the newest checkpoint.
     *
     * @return the cluster as started again; empty when nothing was to restart
     */
    Optional<LocalCluster> replaceDeadJobManager(String name) {
        synchronized (processes) {
            Optional<LocalCluster> dead =
                    state.read(name)
                            .filter(c -> c.spec().application() == null)
                            .filter(c -> !starting.contains(name) && jobManagerDied(name));
            dead.ifPresent(c -> LOG.warn("JobManager of cluster {} is gone", name));
            return dead.map(c -> start(c.spec(), c));
        }
    }

    /** What {@code cluster.json} records of a cluster now. */
    @Override
    public Optional<LocalCluster> recorded(String name) {
        return state.read(name);
    }

    @Override
    public boolean jobManagerDied(String name) {
        return state.read(name)
                .filter(c -> !ClusterStateFiles.isOurs(c.jobManagerPid(), c.directory()))
                .filter(c -> !state.stopping(name))
                .isPresent();
    }

    /** The names of the recorded clusters. */
    List<String> recorded() {
        return state.names();
    }

    /** The cluster with each dead TaskManager started again under its index. */
    private LocalCluster withLiveTaskManagers(LocalCluster cluster) {
        List<Long> tmPids = new ArrayList<>();
        FlinkRuntime runtime = runtimes.resolve(cluster.flinkVersion());
        for (int i = 0; i < cluster.taskManagerPids().size(); i++) {
            long pid = cluster.taskManagerPids().get(i);
            if (ClusterStateFiles.isOurs(pid, cluster.directory())) {
                tmPids.add(pid);
            } else {
                LOG.warn(
                        "TaskManager {} (pid {}) of cluster {} is gone; starting it again",
                        i,
                        pid,
                        cluster.name());
                Path conf = Path.of(cluster.directory(), "conf");
                ResourceParams params = launcher.resourceParams(runtime, conf, Role.TASKMANAGER);
                tmPids.add(
                        startTaskManager(runtime, Path.of(cluster.directory()), i, params).pid());
            }
        }
        return new LocalCluster(
                cluster.spec(),
                cluster.flinkVersion(),
                cluster.restPort(),
                cluster.rpcPort(),
                cluster.jobManagerPid(),
                List.copyOf(tmPids),
                cluster.directory(),
                cluster.startedAt());
    }

    /** Stops every recorded cluster; returns the names of those it stopped. */
    public List<String> stopAll() {
        return state.names().stream().filter(this::stop).toList();
    }

    /** The directory of a cluster (conf, logs, state). */
    @Override
    public Path directory(String name) {
        return state.directory(name);
    }

    private Process startTaskManager(
            FlinkRuntime runtime, Path dir, int index, ResourceParams params) {
        return launcher.start(
                runtime,
                dir,
                dir.resolve("conf"),
                dir.resolve("log"),
                "taskmanager-" + index,
                Role.TASKMANAGER,
                params,
                List.of("-D", "taskmanager.resource-id=" + dir.getFileName() + "-tm-" + index));
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + dir, e);
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
        }
    }
}
