package dev.sluice.server.deploy.local;

import dev.sluice.server.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/** The {@code cluster.json} of each local cluster: what a restarted server adopts or stops. */
final class ClusterStateFiles {

    private static final String STATE_FILE = "cluster.json";
    private static final String STOPPING_FILE = "stopping";

    private final Path clustersDir;
    private final JsonMapper json = JsonMapper.builder().build();

    ClusterStateFiles(Path clustersDir) {
        this.clustersDir = clustersDir;
    }

    /** The directory of a cluster (conf, logs, state). */
    Path directory(String name) {
        return clustersDir.resolve(name);
    }

    /** The names of the clusters with a recorded state, sorted. */
    List<String> names() {
        if (!Files.isDirectory(clustersDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(clustersDir)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve(STATE_FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + clustersDir, e);
        }
    }

    Optional<LocalCluster> read(String name) {
        Path file = directory(name).resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), LocalCluster.class));
    }

    // Written aside and moved into place, so a server that dies mid-write leaves the old state;
    // owner-only, as the spec's Flink configuration can hold a storage account key.
    void write(LocalCluster cluster) {
        Path dir = directory(cluster.name());
        try {
            PrivateFiles.write(
                    dir.resolve(STATE_FILE),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(cluster));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record cluster state in " + dir, e);
        }
    }

    /**
     * Marks a cluster as being stopped, before its processes are: a supervision (of this or another
     * process, such as {@code sluice down}) must not start a JobManager the stop ended. {@link
     * #delete} clears it.
     */
    void markStopping(String name) {
        try {
            Files.writeString(directory(name).resolve(STOPPING_FILE), "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot mark cluster " + name + " as stopping", e);
        }
    }

    boolean stopping(String name) {
        return Files.exists(directory(name).resolve(STOPPING_FILE));
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(directory(name).resolve(STATE_FILE));
            Files.deleteIfExists(directory(name).resolve(STOPPING_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete state of cluster " + name, e);
        }
    }

    /** A recorded PID is only ours if that process still carries this cluster's marker. */
    static boolean isOurs(long pid, String directory) {
        String marker = FlinkProcessLauncher.CLUSTER_MARKER + directory;
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().arguments())
                .map(args -> List.of(args).contains(marker))
                .orElse(false);
    }
}
