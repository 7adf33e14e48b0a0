package dev.sluice.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** One run: the phases in order, and the cleanup of every server and cluster they started. */
final class BenchRun {

    static final String CLUSTER = "flink";

    /** The second cluster, whose Flink REST answers are cached 0.1 s instead of 3 s. */
    static final String TUNED = "tuned";

    static final String POLL_INTERVAL = "sluice.actions.poll-interval";
    static final int JOBS_FOR_LIST = 1000;

    private final Repo repo;
    private final Progress progress;
    private final Path work;
    private final int reps;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    private final Set<Path> clusterDataDirs = new LinkedHashSet<>();
    private boolean cleaned;

    FootprintBench.Result footprint;
    SubmitBench.Result submit;
    RestartBench.Result restart;
    Samples freshnessFastTick;
    SubmitBench.Result whatIfSubmit;
    RestartBench.Result whatIfRestart;
    ListLoadBench.Result list;
    ObserverCostBench.Result observer;

    BenchRun(Repo repo, Progress progress, Path work, int reps) {
        this.repo = repo;
        this.progress = progress;
        this.work = work;
        this.reps = reps;
    }

    void footprint() {
        progress.say("Figure 6: %d fresh servers, start → healthy and idle RSS", reps);
        footprint = new FootprintBench(repo, progress).run(work.resolve("footprint"), reps);
    }

    /**
     * Figures 1 to 4 on one data dir whose local Flink cluster Sluice starts and keeps, then the
     * same lifecycle once more with the two causes of figures 1 and 2 taken away by settings.
     */
    void lifecycleAndReads() {
        Path data = work.resolve("sluice");
        synchronized (this) {
            clusterDataDirs.add(data);
        }
        ServerProcess server = start(data, Map.of());
        Lab lab = lab(server, data, CLUSTER, Map.of());
        progress.say("Figures 1 and 3: NEW → RUNNING, and failure → FAILED (default tick)");
        submit = new SubmitBench(lab, true).run(reps);
        progress.say("Figure 2: STOP → START and UPDATE downtime");
        restart = new RestartBench(lab, repo.counterV1(), repo.counterV2()).run(reps);
        server.close();

        // One restart for both: the observer does not use the engine's poll interval.
        server = start(data, Map.of(POLL_INTERVAL, "50ms"));
        progress.say("Figure 3 again on the restarted server");
        freshnessFastTick = new FreshnessProbe(withApi(lab, server.api())).run(reps, "fresh");
        progress.say(
                "Figures 1 and 2 again: %s=50ms, on a second cluster with web.refresh-interval=100",
                POLL_INTERVAL);
        Lab tuned = lab(server, data, TUNED, Map.of("web.refresh-interval", "100"));
        whatIfSubmit = new SubmitBench(tuned, false).run(reps);
        whatIfRestart = new RestartBench(tuned, repo.counterV1(), repo.counterV2()).run(reps);
        new Clusters(server.api()).delete(TUNED);
        server.close();

        int seeded = JOBS_FOR_LIST - 1;
        progress.say(
                "Figure 4: seeding %d copies of job '%s' into the database",
                seeded, RestartBench.JOB);
        int jobs;
        try (JobSeeder seeder = new JobSeeder(data)) {
            seeder.copies(CLUSTER, RestartBench.JOB, seeded, "seed");
            jobs = seeder.count(seeder.clusterId(CLUSTER));
        }
        if (jobs != JOBS_FOR_LIST) {
            throw new IllegalStateException(
                    "The cluster has " + jobs + " jobs, not " + JOBS_FOR_LIST);
        }
        server = start(data, Map.of());
        progress.say(
                "Figure 4: GET .../jobs with %d workers, %d s windows",
                ListLoadBench.WORKERS, ListLoadBench.WINDOW.toSeconds());
        list = new ListLoadBench(server, progress).run(CLUSTER, reps);
        server.close();
        progress.say("Stopping the local Flink cluster");
        ServerProcess.stopLocalClusters(repo, data);
    }

    /** Creates a local cluster through the server and the lab around it, job jar installed. */
    private Lab lab(ServerProcess server, Path data, String cluster, Map<String, String> config) {
        Clusters clusters = new Clusters(server.api());
        clusters.createPool();
        progress.say(
                "Starting local Flink 1.20 session cluster '%s' through Sluice (1024 MB per"
                        + " process)%s",
                cluster, config.isEmpty() ? "" : " with " + config);
        Path storage = data.resolve("storage-" + cluster);
        String restUrl = clusters.createLocal(cluster, storage, config);
        progress.say("Flink REST at %s", restUrl);
        Lab lab =
                new Lab(
                        progress,
                        server.api(),
                        new FlinkRest(restUrl, http),
                        cluster,
                        storage.resolve("jars"),
                        work.resolve("raw-" + cluster + "/counter.jar"),
                        work.resolve("scratch-" + cluster));
        lab.installJar(repo.counterV1());
        return lab;
    }

    void observer() {
        progress.say(
                "Figure 5: observer CPU per round, %d fake clusters × 5 and × 50 jobs",
                ObserverCostBench.CLUSTERS);
        observer = new ObserverCostBench(repo, progress).run(work.resolve("observer"), reps, 5, 50);
    }

    /** Stops whatever is still running; safe to call twice (normal end and shutdown hook). */
    synchronized void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        ServerProcess.closeAll();
        for (Path data : clusterDataDirs) {
            ServerProcess.stopLocalClusters(repo, data);
        }
    }

    private ServerProcess start(Path data, Map<String, String> settings) {
        ServerProcess server = ServerProcess.start(repo, data, settings);
        progress.say(
                "Sluice server pid %d healthy after %.0f ms%s",
                server.pid(),
                server.startMillis(),
                settings.isEmpty() ? " (default settings)" : " with " + settings);
        return server;
    }

    private static Lab withApi(Lab lab, SluiceApi api) {
        // A restarted server listens on another port; the cluster and the files stay.
        return new Lab(
                lab.progress(),
                api,
                lab.flink(),
                lab.cluster(),
                lab.sluiceJars(),
                lab.rawJar(),
                lab.work());
    }
}
