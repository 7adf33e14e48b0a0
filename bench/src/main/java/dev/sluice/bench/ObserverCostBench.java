package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 5: CPU the server spends per observer round at the default settings (a round every 2 s,
 * checkpoints of each job read every 10 s) for 20 clusters × 50 jobs and 20 × 5, every job RUNNING.
 * The clusters are {@link FakeFlink} endpoints in the harness's JVM, created through the API as
 * external clusters; the jobs are seeded into the database.
 */
final class ObserverCostBench {

    static final int CLUSTERS = 20;

    /**
     * Rounds per measurement window: the default checkpoint interval over the default round, so
     * every window holds each job's one checkpoint read.
     */
    static final int ROUNDS = 5;

    private static final String OBSERVER_THREAD = "sluice-observer";

    /** Per-round figures of one configuration. */
    record Cost(Samples processMillis, Samples observerThreadMillis, Samples flinkCalls) {}

    /** Both configurations. */
    record Result(Cost small, Cost large, int smallJobs, int largeJobs) {}

    private final Repo repo;
    private final Progress progress;

    ObserverCostBench(Repo repo, Progress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    Result run(Path dataDir, int reps, int smallJobs, int largeJobs) {
        try (FakeFlink flink = new FakeFlink(CLUSTERS)) {
            try (ServerProcess server = ServerProcess.start(repo, dataDir, Map.of())) {
                Clusters clusters = new Clusters(server.api());
                clusters.createPool();
                for (int c = 0; c < CLUSTERS; c++) {
                    clusters.createExternal(name(c), storage(dataDir, c), flink.restUrl(c));
                }
                for (int c = 0; c < CLUSTERS; c++) {
                    clusters.awaitProvisioned(name(c));
                }
            }
            progress.say(
                    "  %d external clusters created; seeding %d jobs each", CLUSTERS, smallJobs);
            seed(dataDir, 0, smallJobs);
            flink.setJobsPerCluster(smallJobs);
            Cost small = measure(dataDir, flink, reps, CLUSTERS * smallJobs);
            progress.say("  seeding up to %d jobs per cluster", largeJobs);
            seed(dataDir, smallJobs, largeJobs);
            flink.setJobsPerCluster(largeJobs);
            Cost large = measure(dataDir, flink, reps, CLUSTERS * largeJobs);
            return new Result(small, large, smallJobs, largeJobs);
        }
    }

    private Cost measure(Path dataDir, FakeFlink flink, int reps, int jobs) {
        Cost cost = new Cost(new Samples(), new Samples(), new Samples());
        try (ServerProcess server = ServerProcess.start(repo, dataDir, Map.of())) {
            ProcStat proc = server.proc();
            // Window 0 is the warm-up: JIT, and the first round reads every job's checkpoints.
            for (int window = 0; window <= reps; window++) {
                long round = nextRound(flink);
                double thread0 = proc.threadCpuMillis(OBSERVER_THREAD);
                double process0 = proc.processCpuMillis();
                long calls0 = flink.checkpointCalls() + total(flink);
                awaitRound(flink, round + ROUNDS);
                double thread = (proc.threadCpuMillis(OBSERVER_THREAD) - thread0) / ROUNDS;
                double process = (proc.processCpuMillis() - process0) / ROUNDS;
                double calls = (flink.checkpointCalls() + total(flink) - calls0) / (double) ROUNDS;
                if (window > 0) {
                    cost.processMillis().add(process);
                    cost.observerThreadMillis().add(thread);
                    cost.flinkCalls().add(calls);
                }
                progress.say(
                        "  %d clusters × %d jobs, window %d%s: %.1f ms CPU per round (observer"
                                + " thread %.1f ms), %.0f Flink calls per round",
                        CLUSTERS,
                        jobs / CLUSTERS,
                        window,
                        window == 0 ? " (warm-up)" : "",
                        process,
                        thread,
                        calls);
            }
        }
        return cost;
    }

    /** Waits for the next observer round to reach cluster 0; returns its count. */
    private static long nextRound(FakeFlink flink) {
        long now = flink.overviewCalls(0);
        return awaitRound(flink, now + 1);
    }

    private static long awaitRound(FakeFlink flink, long round) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (flink.overviewCalls(0) < round) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The observer stopped polling the fake Flink");
            }
            Pause.of(java.time.Duration.ofMillis(2));
        }
        return flink.overviewCalls(0);
    }

    private static long total(FakeFlink flink) {
        long sum = 0;
        for (int c = 0; c < CLUSTERS; c++) {
            sum += flink.overviewCalls(c);
        }
        return sum;
    }

    private static void seed(Path dataDir, int from, int to) {
        try (JobSeeder seeder = new JobSeeder(dataDir)) {
            for (int c = 0; c < CLUSTERS; c++) {
                List<String> names = new ArrayList<>();
                for (int j = from; j < to; j++) {
                    names.add(String.format("job-%03d", j));
                }
                seeder.running(name(c), names, FakeFlink.jobIds(c, from, to), storage(dataDir, c));
            }
        }
    }

    private static String name(int cluster) {
        return String.format("obs-%02d", cluster);
    }

    private static Path storage(Path dataDir, int cluster) {
        Path storage = dataDir.resolve("storage").resolve(name(cluster));
        try {
            Files.createDirectories(storage);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + storage, e);
        }
        return storage;
    }
}
