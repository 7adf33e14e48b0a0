package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figure 5: the server's CPU per observer round, 20 clusters × 50 jobs against 20 × 5. */
final class ObserverCostBench {

    static final int CLUSTERS = 20;

    /**
     * Rounds per measurement window: 10 s at the default 0.5 s tick. Each job's checkpoints are
     * read once per 60 s (sluice.observer.checkpoint-every), so most windows hold none of those
     * reads and the median window is the status observation alone; the report's note gives the
     * calls per round.
     */
    static final int ROUNDS = 20;

    /** The JIT keeps improving the rounds for about a minute after the server started. */
    static final int WARM_UP_WINDOWS = 4;

    private static final String OBSERVER_THREAD = "sluice-observer";

    /** Per-round figures of one size. */
    record Cost(Samples processMillis, Samples observerThreadMillis, Samples flinkCalls) {
        Cost() {
            this(new Samples(), new Samples(), new Samples());
        }
    }

    /** Both sizes. */
    record Result(Cost small, Cost large, int smallJobs, int largeJobs) {}

    private final Repo repo;
    private final Progress progress;

    ObserverCostBench(Repo repo, Progress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    Result run(Path dataDir, int reps, int smallJobs, int largeJobs) {
        Result result = new Result(new Cost(), new Cost(), smallJobs, largeJobs);
        // The job counts change while the server runs, so that one JIT-warm server measures both
        // sizes in alternating windows; that takes H2 serving its file to a second connection.
        Map<String, String> settings =
                Map.of("spring.datasource.url", JobSeeder.autoServerUrl(dataDir));
        try (FakeFlink flink = new FakeFlink(CLUSTERS);
                ServerProcess server = ServerProcess.start(repo, dataDir, settings)) {
            Clusters clusters = new Clusters(server.api());
            clusters.createPool();
            for (int c = 0; c < CLUSTERS; c++) {
                clusters.createExternal(name(c), storage(dataDir, c), flink.restUrl(c));
            }
            for (int c = 0; c < CLUSTERS; c++) {
                clusters.awaitProvisioned(name(c));
            }
            progress.say("  %d external clusters on the fake Flink", CLUSTERS);
            Sizes sizes = new Sizes(dataDir, flink);
            sizes.set(largeJobs);
            ProcStat proc = server.proc();
            for (int w = 1; w <= WARM_UP_WINDOWS; w++) {
                window(proc, flink, largeJobs, "warm-up " + w, null);
            }
            for (int i = 1; i <= reps; i++) {
                // Alternate which size goes first, so neither always follows the switch.
                boolean smallFirst = i % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean small = smallFirst == (k == 0);
                    sizes.set(small ? smallJobs : largeJobs);
                    window(
                            proc,
                            flink,
                            small ? smallJobs : largeJobs,
                            "window " + i,
                            small ? result.small() : result.large());
                }
            }
        }
        return result;
    }

    /**
     * Measures {@link #ROUNDS} rounds, from the next round reaching cluster 0 to the fifth after; a
     * round under way when the size changed is not part of it.
     */
    private void window(
            ProcStat proc, FakeFlink flink, int jobsPerCluster, String label, Cost into) {
        long round = nextRound(flink);
        double thread0 = proc.threadCpuMillis(OBSERVER_THREAD);
        double process0 = proc.processCpuMillis();
        long calls0 = calls(flink);
        awaitRound(flink, round + ROUNDS);
        double thread = (proc.threadCpuMillis(OBSERVER_THREAD) - thread0) / ROUNDS;
        double process = (proc.processCpuMillis() - process0) / ROUNDS;
        double calls = (calls(flink) - calls0) / (double) ROUNDS;
        if (into != null) {
            into.processMillis().add(process);
            into.observerThreadMillis().add(thread);
            into.flinkCalls().add(calls);
        }
        progress.say(
                "  %d × %d jobs, %s: %.1f ms CPU per round (observer thread %.1f ms), %.0f Flink"
                        + " calls per round",
                CLUSTERS, jobsPerCluster, label, process, thread, calls);
    }

    /** Waits for the next observer round to reach cluster 0; returns its count. */
    private static long nextRound(FakeFlink flink) {
        return awaitRound(flink, flink.overviewCalls(0) + 1);
    }

    private static long awaitRound(FakeFlink flink, long round) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (flink.overviewCalls(0) < round) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The observer stopped polling the fake Flink");
            }
            Pause.of(Duration.ofMillis(2));
        }
        return flink.overviewCalls(0);
    }

    private static long calls(FakeFlink flink) {
        long sum = flink.checkpointCalls();
        for (int c = 0; c < CLUSTERS; c++) {
            sum += flink.overviewCalls(c);
        }
        return sum;
    }

    /**
     * How many jobs each cluster has, changed in the order that never shows the observer a job its
     * Flink does not list (it would record that job FAILED, as vanished).
     */
    private static final class Sizes {

        private final Path dataDir;
        private final FakeFlink flink;
        private int current;

        Sizes(Path dataDir, FakeFlink flink) {
            this.dataDir = dataDir;
            this.flink = flink;
        }

        void set(int jobs) {
            if (jobs > current) {
                flink.setJobsPerCluster(jobs);
                try (JobSeeder seeder = JobSeeder.ofRunningServer(dataDir)) {
                    for (int c = 0; c < CLUSTERS; c++) {
                        List<String> names = new ArrayList<>();
                        for (int j = current; j < jobs; j++) {
                            names.add(jobName(j));
                        }
                        seeder.running(
                                name(c),
                                names,
                                FakeFlink.jobIds(c, current, jobs),
                                storage(dataDir, c));
                    }
                }
            } else if (jobs < current) {
                try (JobSeeder seeder = JobSeeder.ofRunningServer(dataDir)) {
                    for (int c = 0; c < CLUSTERS; c++) {
                        seeder.deleteFrom(name(c), jobName(jobs));
                    }
                }
                flink.setJobsPerCluster(jobs);
            }
            current = jobs;
        }
    }

    private static String jobName(int index) {
        return String.format(Locale.ROOT, "job-%03d", index);
    }

    private static String name(int cluster) {
        return String.format(Locale.ROOT, "obs-%02d", cluster);
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
