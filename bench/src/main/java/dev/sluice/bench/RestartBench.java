package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import tools.jackson.databind.JsonNode;

/** Figure 2: downtime of STOP → START and of UPDATE, Sluice against raw Flink. */
final class RestartBench {

    /** The four figures, in ms. */
    record Result(Samples sluiceCycle, Samples rawCycle, Samples sluiceUpdate, Samples rawUpdate) {}

    /** The Sluice job the benchmark cycles; it stays (CANCELLED) as the seed template. */
    static final String JOB = "cycle";

    /**
     * How long each job runs between two timed operations, as a job in use does. Longer than
     * Flink's web.refresh-interval (3 s), so no answer Flink cached while one operation polled is
     * still served to the next one.
     */
    static final Duration RUNS_BETWEEN = Duration.ofSeconds(4);

    private final Lab lab;
    private final Path v1;
    private final Path v2;
    private String rawJobId;
    private String rawJarId;
    private long sluiceFreeAt;
    private long rawFreeAt;

    RestartBench(Lab lab, Path v1, Path v2) {
        this.lab = lab;
        this.v1 = v1;
        this.v2 = v2;
    }

    /** {@code reps} measured rounds of each after one warm-up round; sides alternate first. */
    Result run(int reps) {
        Result result = new Result(new Samples(), new Samples(), new Samples(), new Samples());
        lab.installJar(v1);
        CounterSpec sluiceSpec = lab.spec(JOB, false);
        lab.api().run(lab.cluster(), sluiceSpec.newJobBody(JOB, lab.sluiceJars()), Lab.POLL);
        CounterSpec rawSpec = lab.spec("raw-cycle", false);
        rawJarId = lab.flink().uploadJar(lab.rawJar());
        rawJobId = lab.flink().run(rawJarId, rawSpec, null);
        lab.flink().awaitAllTasksRunning(rawJobId, Lab.POLL);
        sluiceFreeAt = System.nanoTime() + RUNS_BETWEEN.toNanos();
        rawFreeAt = sluiceFreeAt;

        for (int i = 0; i <= reps; i++) {
            double sluice;
            double raw;
            if (i % 2 == 0) {
                raw = raw(() -> rawCycle(rawSpec));
                sluice = sluice(this::sluiceCycle);
            } else {
                sluice = sluice(this::sluiceCycle);
                raw = raw(() -> rawCycle(rawSpec));
            }
            if (i > 0) {
                result.sluiceCycle().add(sluice);
                result.rawCycle().add(raw);
            }
            lab.progress()
                    .say(
                            "  STOP → START %d%s: Sluice %.0f ms, raw Flink %.0f ms",
                            i, i == 0 ? " (warm-up)" : "", sluice, raw);
        }
        for (int i = 0; i <= reps; i++) {
            // Every UPDATE really changes the jar: v2, v1, v2, ...
            lab.installJar(i % 2 == 0 ? v2 : v1);
            double sluice;
            double raw;
            if (i % 2 == 0) {
                raw = raw(() -> rawUpdate(rawSpec));
                sluice = sluice(this::sluiceUpdate);
            } else {
                sluice = sluice(this::sluiceUpdate);
                raw = raw(() -> rawUpdate(rawSpec));
            }
            if (i > 0) {
                result.sluiceUpdate().add(sluice);
                result.rawUpdate().add(raw);
            }
            lab.progress()
                    .say(
                            "  UPDATE %d%s: Sluice %.0f ms, raw Flink %.0f ms",
                            i, i == 0 ? " (warm-up)" : "", sluice, raw);
        }

        lab.api().run(lab.cluster(), CounterSpec.actionBody(JOB, "CANCEL"), Lab.POLL);
        lab.flink().cancel(rawJobId);
        lab.flink().awaitEnded(rawJobId, Lab.POLL);
        lab.flink().deleteJar(rawJarId);
        return result;
    }

    private double sluice(DoubleSupplier operation) {
        awaitNanoTime(sluiceFreeAt);
        double millis = operation.getAsDouble();
        sluiceFreeAt = System.nanoTime() + RUNS_BETWEEN.toNanos();
        return millis;
    }

    private double raw(DoubleSupplier operation) {
        awaitNanoTime(rawFreeAt);
        double millis = operation.getAsDouble();
        rawFreeAt = System.nanoTime() + RUNS_BETWEEN.toNanos();
        return millis;
    }

    private static void awaitNanoTime(long time) {
        long wait = time - System.nanoTime();
        if (wait > 0) {
            Pause.of(Duration.ofNanos(wait));
        }
    }

    private double sluiceCycle() {
        long start = System.nanoTime();
        expect(
                lab.api().run(lab.cluster(), CounterSpec.actionBody(JOB, "STOP"), Lab.POLL),
                "STOPPED");
        expect(
                lab.api().run(lab.cluster(), CounterSpec.actionBody(JOB, "START"), Lab.POLL),
                "RUNNING");
        return Lab.millisSince(start);
    }

    private double sluiceUpdate() {
        long start = System.nanoTime();
        expect(
                lab.api().run(lab.cluster(), CounterSpec.actionBody(JOB, "UPDATE"), Lab.POLL),
                "RUNNING");
        return Lab.millisSince(start);
    }

    /** START reuses the jar already on the cluster, as a raw client that kept the jar id would. */
    private double rawCycle(CounterSpec spec) {
        long start = System.nanoTime();
        String savepoint = rawStop();
        rawJobId = lab.flink().run(rawJarId, spec, savepoint);
        lab.flink().awaitAllTasksRunning(rawJobId, Lab.POLL);
        return Lab.millisSince(start);
    }

    private double rawUpdate(CounterSpec spec) {
        long start = System.nanoTime();
        String savepoint = rawStop();
        String newJar = lab.flink().uploadJar(lab.rawJar());
        rawJobId = lab.flink().run(newJar, spec, savepoint);
        lab.flink().awaitAllTasksRunning(rawJobId, Lab.POLL);
        double millis = Lab.millisSince(start);
        lab.flink().deleteJar(rawJarId);
        rawJarId = newJar;
        return millis;
    }

    /** Stop with savepoint, wait for it and for the job to end; returns the savepoint. */
    private String rawStop() {
        String trigger =
                lab.flink().stopWithSavepoint(rawJobId, lab.rawSavepoints().toUri().toString());
        String savepoint = lab.flink().awaitSavepoint(rawJobId, trigger, Lab.POLL);
        JsonNode ended = lab.flink().awaitEnded(rawJobId, Lab.POLL);
        if (!"FINISHED".equals(ended.path("state").asString())) {
            throw new IllegalStateException("Raw job ended " + ended.path("state").asString());
        }
        return savepoint;
    }

    private static void expect(JsonNode job, String status) {
        if (!status.equals(job.path("status").asString())) {
            throw new IllegalStateException("Expected " + status + ": " + job);
        }
    }
}
