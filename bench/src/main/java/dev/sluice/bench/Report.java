package dev.sluice.bench;

import java.util.Locale;

/** Turns a run's samples into the result table: medians, Sluice/raw ratios, targets. */
final class Report {

    private static final double RATIO_TARGET = 1.25;

    private final BenchRun run;
    private final ResultTable table = new ResultTable();

    Report(BenchRun run) {
        this.run = run;
    }

    ResultTable table(int reps) {
        if (run.submit != null) {
            compare(
                    "1",
                    "NEW → RUNNING (every task RUNNING)",
                    run.submit.sluice(),
                    run.submit.raw());
            table.note(
                    fmt(
                            "Figure 1, raw Flink polled through GET /jobs/:id (which Flink"
                                    + " answers from a cache refreshed every web.refresh-interval ="
                                    + " 3 s; Sluice's engine no longer reads it): median %.0f ms;"
                                    + " samples %s.",
                            run.submit.rawByDetail().median(),
                            run.submit.rawByDetail().list("%.0f")));
        }
        if (run.restart != null) {
            compare(
                    "2",
                    "STOP → START downtime",
                    run.restart.sluiceCycle(),
                    run.restart.rawCycle());
            compare("2", "UPDATE downtime", run.restart.sluiceUpdate(), run.restart.rawUpdate());
        }
        if (run.whatIfSubmit != null) {
            String tuned = ", poll 50 ms, Flink cache 0.1 s (what-if)";
            compare(
                    "1′",
                    "NEW → RUNNING" + tuned,
                    run.whatIfSubmit.sluice(),
                    run.whatIfSubmit.raw());
            compare(
                    "2′",
                    "STOP → START" + tuned,
                    run.whatIfRestart.sluiceCycle(),
                    run.whatIfRestart.rawCycle());
            compare(
                    "2′",
                    "UPDATE" + tuned,
                    run.whatIfRestart.sluiceUpdate(),
                    run.whatIfRestart.rawUpdate());
        }
        if (run.submit != null) {
            freshness(
                    "failure → FAILED in API, observer tick 0.5 s (default)",
                    run.submit.freshness());
        }
        if (run.freshnessFastTick != null) {
            freshness(
                    "failure → FAILED in API, default tick, restarted server",
                    run.freshnessFastTick);
        }
        if (run.list != null) {
            ListLoadBench.Load list = run.list.defaultPage();
            ListLoadBench.Load small = run.list.smallPage();
            double rps = list.requestsPerSecond().median();
            double p99 = list.p99Millis().median();
            table.add(
                    new ResultTable.Row(
                            "4",
                            "GET jobs, 1,000 jobs, default page (100), "
                                    + ListLoadBench.WORKERS
                                    + " workers: throughput",
                            fmt("%.0f req/s", rps),
                            "",
                            "",
                            "≥ 5,000 req/s",
                            ResultTable.verdict(rps >= 5000)));
            table.add(
                    new ResultTable.Row(
                            "4",
                            "GET jobs, same load: p99 latency",
                            fmt("%.1f ms", p99),
                            "",
                            "",
                            "≤ 20 ms",
                            ResultTable.verdict(p99 <= 20)));
            table.note(
                    fmt(
                            "Figure 4: one answer is %d jobs, %,d bytes of JSON; the server got"
                                    + " %.0f%% of the CPU used by server + load generator."
                                    + " Diagnosis, $top=%d (%,d bytes): %.0f req/s, p99 %.1f ms.",
                            list.pageSize(),
                            list.bodyBytes(),
                            100 * list.serverCpuShare().median(),
                            small.pageSize(),
                            small.bodyBytes(),
                            small.requestsPerSecond().median(),
                            small.p99Millis().median()));
        }
        if (run.observer != null) {
            ObserverCostBench.Result observer = run.observer;
            double growth =
                    observer.large().processMillis().median()
                            / observer.small().processMillis().median();
            // "Follows clusters, not jobs", read as: ten times the jobs cost at most 1.5 times.
            observerRow(
                    observer.large(),
                    observer.largeJobs(),
                    fmt("%.1f× of × %d", growth, observer.smallJobs()),
                    "≤ 1.5× for 10× jobs",
                    ResultTable.verdict(growth <= 1.5));
            observerRow(observer.small(), observer.smallJobs(), "", "", "");
            table.note(
                    fmt(
                            "Figure 5: %d× the jobs cost %.1f× the CPU per round; Flink calls per"
                                    + " round %.0f vs %.0f (20 overviews; each job's checkpoints"
                                    + " are read once per 60 s, i.e. once per 120 rounds).",
                            observer.largeJobs() / observer.smallJobs(),
                            growth,
                            observer.large().flinkCalls().median(),
                            observer.small().flinkCalls().median()));
        }
        if (run.footprint != null) {
            table.add(
                    new ResultTable.Row(
                            "6",
                            "start → /actuator/health 200 (empty data dir)",
                            fmt("%.0f ms", run.footprint.startMillis().median()),
                            "",
                            "",
                            "",
                            ""));
            table.add(
                    new ResultTable.Row(
                            "6",
                            "RSS idle (empty, "
                                    + FootprintBench.SETTLE.toSeconds()
                                    + " s after healthy)",
                            fmt("%.0f MiB", run.footprint.idleRssMib().median()),
                            "",
                            "",
                            "",
                            ""));
        }
        if (run.list != null) {
            table.add(
                    new ResultTable.Row(
                            "6",
                            "RSS with 1,000 jobs (after each figure-4 window)",
                            fmt("%.0f MiB", run.list.defaultPage().rssMib().median()),
                            "",
                            "",
                            "≤ 400 MiB",
                            ResultTable.verdict(run.list.defaultPage().rssMib().median() <= 400)));
        }
        table.note("Every figure is the median of " + reps + " repetitions after a warm-up.");
        return table;
    }

    private void compare(String number, String figure, Samples sluice, Samples raw) {
        double ratio = sluice.median() / raw.median();
        table.add(
                new ResultTable.Row(
                        number,
                        figure,
                        fmt("%.0f ms", sluice.median()),
                        fmt("%.0f ms", raw.median()),
                        fmt("%.2f", ratio),
                        "≤ 1.25",
                        ResultTable.verdict(ratio <= RATIO_TARGET)));
        table.note(
                fmt(
                        "%s samples (ms): Sluice %s; raw Flink %s.",
                        figure, sluice.list("%.0f"), raw.list("%.0f")));
    }

    private void freshness(String figure, Samples samples) {
        table.add(
                new ResultTable.Row(
                        "3",
                        figure,
                        fmt("%.0f ms", samples.median()),
                        "",
                        "",
                        "≤ 500 ms",
                        ResultTable.verdict(samples.median() <= 500)));
        double p95 = samples.percentile(95);
        table.add(
                new ResultTable.Row(
                        "3",
                        figure + ": p95",
                        fmt("%.0f ms", p95),
                        "",
                        "",
                        "≤ 1,000 ms",
                        ResultTable.verdict(p95 <= 1000)));
        table.note(fmt("%s samples (ms): %s.", figure, samples.list("%.0f")));
    }

    private void observerRow(
            ObserverCostBench.Cost cost,
            int jobsPerCluster,
            String ratio,
            String target,
            String verdict) {
        table.add(
                new ResultTable.Row(
                        "5",
                        "observer CPU per round, "
                                + ObserverCostBench.CLUSTERS
                                + " clusters × "
                                + jobsPerCluster
                                + " jobs (observer thread alone)",
                        fmt(
                                "%.1f ms (%.1f ms)",
                                cost.processMillis().median(),
                                cost.observerThreadMillis().median()),
                        "",
                        ratio,
                        target,
                        verdict));
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
