package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.FlinkVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The Flink runtimes the build assembled, found by their {@code VERSION} files. */
public final class FlinkRuntimes {

    private final Path root;

    public FlinkRuntimes(Path root) {
        this.root = root;
    }

    /** Every runtime under the root, oldest version first. */
    public List<FlinkRuntime> available() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("VERSION")))
                    .filter(dir -> Files.isDirectory(dir.resolve("lib")))
                    .map(dir -> new FlinkRuntime(readVersion(dir), dir.toAbsolutePath()))
                    .sorted(Comparator.comparing(FlinkRuntime::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list Flink runtimes under " + root, e);
        }
    }

    /** The versions of {@link #available()}, for the deployment port. */
    public FlinkVersions versions() {
        return new FlinkVersions(available().stream().map(FlinkRuntime::version).toList(), hint());
    }

    /**
     * The runtime for a full version or a line ("1.20", "2"); the newest match wins.
     *
     * @throws IllegalArgumentException naming the available versions when none matches
     */
    public FlinkRuntime resolve(String requested) {
        List<FlinkRuntime> all = available();
        String version =
                new FlinkVersions(all.stream().map(FlinkRuntime::version).toList(), hint())
                        .resolve(requested);
        return all.stream()
                .filter(runtime -> runtime.version().equals(version))
                .findFirst()
                .orElseThrow();
    }

    private String hint() {
        return "no runtime under " + root.toAbsolutePath() + "; run ./mvnw package";
    }

    private static String readVersion(Path dir) {
        try {
            return Files.readString(dir.resolve("VERSION")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.resolve("VERSION"), e);
        }
    }
}
