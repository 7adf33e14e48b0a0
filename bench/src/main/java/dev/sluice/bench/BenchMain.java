package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Entry point: parses the options (see bench/README.md), runs the phases, prints the table. */
public final class BenchMain {

    private static final Set<String> PHASES = Set.of("footprint", "flink", "observer");

    private BenchMain() {}

    public static void main(String[] args) throws IOException {
        int reps = 5;
        Set<String> phases = PHASES;
        Path work = null;
        Path repoDir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--only" -> phases = Set.of(args[++i].split(","));
                case "--work" -> work = Path.of(args[++i]);
                case "--repo" -> repoDir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("unknown argument " + args[i] + "; see bench/README.md");
                    System.exit(2);
                }
            }
        }
        if (!PHASES.containsAll(phases) || reps < 1) {
            System.err.println("--only takes " + PHASES + "; --reps at least 1");
            System.exit(2);
        }
        Repo repo = Repo.locate(repoDir);
        Path workDir = work != null ? work : Files.createTempDirectory("sluice-bench-");
        Progress progress = new Progress();
        System.out.println(Machine.describe());
        String loadAtStart = Machine.loadAverage();
        progress.say(
                "Work dir %s; %d repetitions per figure; load average %s",
                workDir, reps, loadAtStart);
        if (reps < 5) {
            progress.say("Fewer than 5 repetitions: a trial run, not figures to publish");
        }

        BenchRun run = new BenchRun(repo, progress, workDir, reps);
        Thread hook = new Thread(run::cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = true;
        try {
            // Quiet machine first: the footprint and observer figures want no Flink running.
            if (phases.contains("footprint")) {
                run.footprint();
            }
            if (phases.contains("observer")) {
                run.observer();
            }
            if (phases.contains("flink")) {
                run.lifecycleAndReads();
            }
            failed = false;
        } finally {
            run.cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook ran the same cleanup.
            }
            if (failed || keep) {
                progress.say("Kept %s (server and Flink logs)", workDir);
            } else {
                delete(workDir);
            }
        }
        progress.say("Done");
        System.out.println();
        ResultTable table = new Report(run).table(reps);
        table.note(
                "Load average (1/5/15 min) at start "
                        + loadAtStart
                        + ", at end "
                        + Machine.loadAverage()
                        + " on "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores.");
        table.print(System.out);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
