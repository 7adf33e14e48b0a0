package dev.sluice.bench;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Figures 1 and 3: NEW → RUNNING, Sluice against raw Flink, then each Sluice job fails. */
final class SubmitBench {

    /** The figures, in ms. */
    record Result(Samples sluice, Samples raw, Samples rawByDetail, Samples freshness) {}

    private final Lab lab;
    private final FreshnessProbe freshness;
    private final boolean diagnose;

    SubmitBench(Lab lab, boolean diagnose) {
        this.lab = lab;
        this.freshness = new FreshnessProbe(lab);
        this.diagnose = diagnose;
    }

    /**
     * {@code reps} measured rounds after one warm-up round; the sides alternate going first, and
     * each side's job is gone before the other side submits, so only one job runs at a time.
     */
    Result run(int reps) {
        Result result = new Result(new Samples(), new Samples(), new Samples(), new Samples());
        for (int i = 0; i <= reps; i++) {
            double[] sluice;
            double raw;
            if (i % 2 == 0) {
                raw = raw(false);
                sluice = sluice(i, reps);
            } else {
                sluice = sluice(i, reps);
                raw = raw(false);
            }
            double rawByDetail = diagnose ? raw(true) : Double.NaN;
            if (i > 0) {
                result.sluice().add(sluice[0]);
                result.raw().add(raw);
                if (diagnose) {
                    result.rawByDetail().add(rawByDetail);
                }
                result.freshness().add(sluice[1]);
            }
            String detail =
                    diagnose
                            ? String.format(
                                    Locale.ROOT, " (%.0f ms polling GET /jobs/:id)", rawByDetail)
                            : "";
            lab.progress()
                    .say(
                            "  round %d%s: NEW → RUNNING Sluice %.0f ms, raw Flink %.0f ms%s;"
                                    + " FAILED shown %.0f ms after Flink's FAILED",
                            i, i == 0 ? " (warm-up)" : "", sluice[0], raw, detail, sluice[1]);
        }
        return result;
    }

    /** A Sluice job's NEW → RUNNING ms, then its failure's lag in ms; the job is deleted after. */
    private double[] sluice(int rep, int reps) {
        String name = "new-" + rep;
        CounterSpec spec = lab.spec(name, true);
        String body = spec.newJobBody(name, lab.sluiceJars());
        Pause.of(Lab.SETTLE);
        long start = System.nanoTime();
        JsonNode job = lab.api().run(lab.cluster(), body, Lab.POLL);
        double millis = Lab.millisSince(start);
        if (!"RUNNING".equals(job.path("status").asString())) {
            throw new IllegalStateException("NEW ended with " + job);
        }
        double lag = freshness.failAndWatch(name, spec, rep, reps);
        freshness.delete(name);
        return new double[] {millis, lag};
    }

    private double raw(boolean byDetail) {
        CounterSpec spec = lab.spec("raw-new", false);
        Pause.of(Lab.SETTLE);
        long start = System.nanoTime();
        String jarId = lab.flink().uploadJar(lab.rawJar());
        String jobId = lab.flink().run(jarId, spec, null);
        if (byDetail) {
            lab.flink().awaitAllVerticesRunningInDetail(jobId, Lab.POLL);
        } else {
            lab.flink().awaitAllTasksRunning(jobId, Lab.POLL);
        }
        double millis = Lab.millisSince(start);
        // Cleaning up is not part of the figure.
        lab.flink().cancel(jobId);
        lab.flink().awaitEnded(jobId, Lab.POLL);
        lab.flink().deleteJar(jarId);
        return millis;
    }
}
