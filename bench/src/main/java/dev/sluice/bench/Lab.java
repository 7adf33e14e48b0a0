package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The setting of the lifecycle figures: a server, its local Flink cluster, the same jar for both.
 *
 * @param sluiceJars the job jar directory in the cluster's storage (Sluice reads counter.jar here)
 * @param rawJar the jar file the raw Flink side uploads
 * @param work scratch space for outputs, markers, raw savepoints and checkpoints
 */
record Lab(
        Progress progress,
        SluiceApi api,
        FlinkRest flink,
        String cluster,
        Path sluiceJars,
        Path rawJar,
        Path work) {

    /** How often the harness polls either side; far below the times measured. */
    static final Duration POLL = Duration.ofMillis(20);

    /**
     * The pause before a measured submission: Flink checks slot requirements a delay after they
     * change, so a job submitted right after another one released its slot rides the pending check;
     * after this pause neither side does (it outlasts Flink's default delay, 50 ms).
     */
    static final Duration SETTLE = Duration.ofMillis(150);

    /** Puts the same job jar where both sides take it from. */
    void installJar(Path jar) {
        try {
            Files.createDirectories(sluiceJars);
            Files.createDirectories(rawJar.getParent());
            Files.copy(jar, sluiceJars.resolve("counter.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(jar, rawJar, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install " + jar, e);
        }
    }

    /** A counter job spec whose files live under the scratch space, by job name. */
    CounterSpec spec(String name, boolean failable) {
        return new CounterSpec(
                work.resolve("out").resolve(name),
                failable ? work.resolve("markers").resolve(name) : null,
                work.resolve("raw-checkpoints"));
    }

    Path rawSavepoints() {
        return work.resolve("raw-savepoints");
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
