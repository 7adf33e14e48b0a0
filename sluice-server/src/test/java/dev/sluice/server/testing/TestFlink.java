package dev.sluice.server.testing;

import dev.sluice.server.deploy.local.FlinkRuntimes;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.flink.CheckpointStats;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the integration tests share: the bundled runtimes, the example jars, small clusters. */
public final class TestFlink {

    /**
     * Test-only process memory. The product's minimum is the seeds' 1800 MB; 1024 MB per process is
     * enough for the example job and lets CI run the Flink versions on a 2-core machine.
     */
    public static final int TEST_MEMORY_MB = 1024;

    private static final Pattern LINE = Pattern.compile("count=(\\d+) version=(v\\d+) key=(\\d+)");

    private TestFlink() {}

    public static Path repoRoot() {
        return Path.of(System.getProperty("sluice.repo.root", "..")).toAbsolutePath().normalize();
    }

    public static Path runtimeRoot() {
        return Path.of(
                        System.getProperty(
                                "sluice.runtime.root", repoRoot() + "/flink-runtime/target"))
                .toAbsolutePath()
                .normalize();
    }

    public static FlinkRuntimes runtimes() {
        return new FlinkRuntimes(runtimeRoot());
    }

    /** The example counter jar for a Flink line ("1.20" or "2.3") and job version ("v1", "v2"). */
    public static Path exampleJar(String flinkLine, String jobVersion) {
        String module = flinkLine.startsWith("1.") ? "counter-flink1" : "counter-flink2";
        Path jar =
                repoRoot()
                        .resolve("examples")
                        .resolve(module)
                        .resolve("target")
                        .resolve(module + "-" + jobVersion + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run ./mvnw package first");
        }
        return jar;
    }

    /** A one-TaskManager, two-slot cluster at the test memory setting. */
    public static LocalClusterSpec smallCluster(String name, String flinkVersion) {
        return smallCluster(name, flinkVersion, Map.of());
    }

    public static LocalClusterSpec smallCluster(
            String name, String flinkVersion, Map<String, String> extraConfig) {
        Map<String, String> config = new TreeMap<>(extraConfig);
        // Little managed memory: the example job keeps heap state, so the TaskManager's heap
        // matters more at this size.
        config.putIfAbsent("taskmanager.memory.managed.size", "64m");
        return new LocalClusterSpec(
                name, flinkVersion, TEST_MEMORY_MB, 1, TEST_MEMORY_MB, 1, 1, 2, config);
    }

    public static String newFlinkId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Polls until the condition holds, failing with {@code what} after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * Waits until the Flink job has completed {@code more} checkpoints beyond those it has now, so
     * a test restores from a checkpoint taken while the job ran as it does now.
     */
    public static void awaitCheckpoints(FlinkClient flink, String flinkJobId, int more) {
        long[] now = {-1};
        await(
                more + " more completed checkpoints of " + flinkJobId,
                Duration.ofSeconds(60),
                () -> {
                    long completed =
                            statsIfReadable(flink, flinkJobId)
                                    .map(stats -> stats.counts().completed())
                                    .orElse(-1L);
                    if (now[0] < 0) {
                        now[0] = completed;
                    }
                    return completed >= 0 && completed >= now[0] + more;
                });
    }

    /** The job's checkpoint statistics, asked again while Flink cannot say (see below). */
    public static CheckpointStats readableStats(FlinkClient flink, String flinkJobId) {
        CheckpointStats[] stats = {null};
        await(
                "readable checkpoint statistics of " + flinkJobId,
                Duration.ofSeconds(30),
                () -> (stats[0] = statsIfReadable(flink, flinkJobId).orElse(null)) != null);
        return stats[0];
    }

    /**
     * The job's checkpoint statistics, empty while Flink cannot say: Flink 1.20's statistics
     * handler answers 500 (NullArgumentException) for a moment after a job (re)starts.
     */
    private static Optional<CheckpointStats> statsIfReadable(FlinkClient flink, String flinkJobId) {
        try {
            return Optional.of(flink.checkpointStats(flinkJobId));
        } catch (FlinkRequestException e) {
            if (e.status() < 500) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** One line of the example job's output. */
    public record Count(int key, long count, String version) {}

    /** The example job's current output: key → its latest count line. */
    public static Map<Integer, Count> counts(Path outputDir) {
        Map<Integer, Count> counts = new TreeMap<>();
        if (!Files.isDirectory(outputDir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(outputDir)) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().startsWith("key-")).toList()) {
                readCount(file).ifPresent(count -> counts.put(count.key(), count));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + outputDir, e);
        }
        return counts;
    }

    /** The smallest count over all keys, or -1 when nothing was written yet. */
    public static long minCount(Path outputDir) {
        return counts(outputDir).values().stream().mapToLong(Count::count).min().orElse(-1);
    }

    private static java.util.Optional<Count> readCount(Path file) throws IOException {
        String line;
        try {
            line = Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                new Count(Integer.parseInt(m.group(3)), Long.parseLong(m.group(1)), m.group(2)));
    }
}
