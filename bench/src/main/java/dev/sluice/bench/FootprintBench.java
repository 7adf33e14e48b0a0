package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Figure 6: start → healthy and idle RSS of fresh servers on empty data dirs. */
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
