package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Figure 6, the idle half: fresh servers on empty data dirs, each timed from launching the JVM to
 * the first 200 of /actuator/health, and its VmRSS read once it settled. (RSS with 1,000 jobs is
 * read by figure 4's windows.)
 */
final class FootprintBench {

    /** Settling time before reading RSS: startup work (JIT, observer's first rounds) is over. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    /** Start times (ms) and idle RSS (MiB). */
    record Result(Samples startMillis, Samples idleRssMib) {}

    private final Repo repo;
    private final Progress progress;

    FootprintBench(Repo repo, Progress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    Result run(Path work, int reps) {
        Result result = new Result(new Samples(), new Samples());
        for (int i = 1; i <= reps; i++) {
            try (ServerProcess server =
                    ServerProcess.start(repo, work.resolve("start-" + i), Map.of())) {
                Pause.of(SETTLE);
                double rss = server.proc().rssMib();
                result.startMillis().add(server.startMillis());
                result.idleRssMib().add(rss);
                progress.say(
                        "  start %d: healthy after %.0f ms, idle RSS %.0f MiB",
                        i, server.startMillis(), rss);
            }
        }
        return result;
    }
}
