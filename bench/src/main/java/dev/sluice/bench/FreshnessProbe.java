package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Figure 3: how long after Flink marks a job FAILED Sluice's API shows it FAILED. */
final class FreshnessProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The span the failures' phases are spread over: the default observer tick. */
    private static final Duration PHASES = Duration.ofMillis(500);

    private final Lab lab;

    FreshnessProbe(Lab lab) {
        this.lab = lab;
    }

    /** Makes the running job fail and returns how many ms Sluice's API lagged behind Flink. */
    double failAndWatch(String jobName, CounterSpec spec, int rep, int reps) {
        // Without this a loop of equal iterations fails its jobs at the same phase of the
        // observer's rounds each time (seen: 770, 779, 824 ms at a 1 s tick). The measured
        // repetitions spread their failures evenly over the tick instead, like failures that come
        // whenever they come.
        if (rep > 0) {
            Pause.of(Duration.ofMillis((long) ((rep - 0.5) / reps * PHASES.toMillis())));
        }
        touch(spec.failMarker());
        String path = SluiceApi.cluster(lab.cluster()) + "/jobs/" + jobName;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode properties = lab.api().get(path).expect(200).json().path("properties");
            if ("FAILED".equals(properties.path("status").asString())) {
                long seenAt = System.currentTimeMillis();
                String flinkJobId = properties.path("jobId").asString();
                // The live overview, not GET /jobs/:id: that one may still be the cached graph
                // from before the failure. A failed job's end-time is when it turned FAILED.
                JsonNode flinkJob = lab.flink().overview(flinkJobId);
                long failedAt = flinkJob.path("end-time").asLong(-1);
                if (!"FAILED".equals(flinkJob.path("state").asString()) || failedAt <= 0) {
                    throw new IllegalStateException(
                            "Sluice shows " + jobName + " FAILED but Flink says " + flinkJob);
                }
                return seenAt - failedAt;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jobName + " never showed FAILED in Sluice");
            }
            Pause.of(Lab.POLL);
        }
    }

    /** Runs {@code reps} jobs (plus one warm-up) through NEW, failure and DELETE. */
    Samples run(int reps, String prefix) {
        Samples samples = new Samples();
        for (int i = 0; i <= reps; i++) {
            String name = prefix + "-" + i;
            CounterSpec spec = lab.spec(name, true);
            lab.api().run(lab.cluster(), spec.newJobBody(name, lab.sluiceJars()), Lab.POLL);
            double lag = failAndWatch(name, spec, i, reps);
            delete(name);
            if (i > 0) {
                samples.add(lag);
            }
            lab.progress()
                    .say(
                            "  %s: FAILED in Flink → FAILED in Sluice %.0f ms%s",
                            name, lag, i == 0 ? " (warm-up)" : "");
        }
        return samples;
    }

    /** Removes the job's record (it is FAILED, so DELETE is allowed). */
    void delete(String jobName) {
        lab.api().run(lab.cluster(), CounterSpec.actionBody(jobName, "DELETE"), Lab.POLL);
    }

    private static void touch(Path marker) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "fail");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + marker, e);
        }
    }
}
