package dev.sluice.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The reactor's outputs the harness runs: server jar, Flink runtimes, example jars. */
record Repo(Path root, Path serverJar, Path runtimeRoot, Path counterV1, Path counterV2) {

    static final String ENTRY_CLASS = "dev.sluice.examples.counter.CounterJob";

    /** The repository the harness jar was built in (bench/target/..), unless one is given. */
    static Repo locate(Path given) {
        Path root = given != null ? given : fromJar();
        root = root.toAbsolutePath().normalize();
        Repo repo =
                new Repo(
                        root,
                        root.resolve("sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar"),
                        root.resolve("flink-runtime/target"),
                        root.resolve("examples/counter-flink1/target/counter-flink1-v1.jar"),
                        root.resolve("examples/counter-flink1/target/counter-flink1-v2.jar"));
        for (Path required :
                new Path[] {
                    repo.serverJar,
                    repo.runtimeRoot.resolve("flink-1.20.3/lib"),
                    repo.counterV1,
                    repo.counterV2
                }) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(
                        required
                                + " is missing; build first: ./mvnw -q -pl bench -am package"
                                + " -DskipTests");
            }
        }
        return repo;
    }

    /**
     * The server's JVM options as ./sluice up gives them: SLUICE_JAVA_OPTS, else the lines of
     * sluice-server/jvm.options that are not comments.
     */
    List<String> serverJvmOptions() {
        String given = System.getenv("SLUICE_JAVA_OPTS");
        if (given != null) {
            return given.isBlank() ? List.of() : List.of(given.strip().split("\\s+"));
        }
        try {
            return Files.readAllLines(root.resolve("sluice-server/jvm.options")).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read sluice-server/jvm.options: " + e, e);
        }
    }

    private static Path fromJar() {
        try {
            Path jar =
                    Path.of(Repo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/sluice-bench.jar → the repository root; from classes/ the same depth.
            Path root = jar.getParent().getParent().getParent();
            return Files.isRegularFile(root.resolve("mvnw")) ? root : Path.of("");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("");
        }
    }
}
