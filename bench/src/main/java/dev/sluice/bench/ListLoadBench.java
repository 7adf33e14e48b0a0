package dev.sluice.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * Figure 4: GET .../jobs of a cluster with 1,000 jobs, default page ($top absent: 100 jobs), as
 * fast as a few loopback workers on java.net.http can ask; throughput and p99 latency per window.
 * The workers share the machine's two cores with the server, so their CPU is measured too.
 */
final class ListLoadBench {

    static final int WORKERS = 4;
    static final Duration WARM_UP = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofSeconds(5);

    /** Per-window figures, and what one answer looked like. */
    record Result(
            Samples requestsPerSecond,
            Samples p99Millis,
            Samples rssMib,
            Samples serverCpuShare,
            int pageSize,
            int bodyBytes) {}

    private final ServerProcess server;
    private final Progress progress;

    ListLoadBench(ServerProcess server, Progress progress) {
        this.server = server;
        this.progress = progress;
    }

    Result run(String cluster, int reps) {
        SluiceApi api = server.api();
        String path = SluiceApi.cluster(cluster) + "/jobs";
        SluiceApi.Reply first = api.get(path).expect(200);
        JsonNode page = first.json();
        int pageSize = page.path("value").size();
        if (pageSize != 100 || !page.has("nextLink")) {
            throw new IllegalStateException(
                    "Expected a first page of 100 with a nextLink, got " + pageSize);
        }
        HttpRequest request = api.request(path).GET().build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ProcStat serverProc = server.proc();
        ProcStat ownProc = new ProcStat(ProcessHandle.current().pid());
        Result result =
                new Result(
                        new Samples(),
                        new Samples(),
                        new Samples(),
                        new Samples(),
                        pageSize,
                        first.body().getBytes(StandardCharsets.UTF_8).length);
        window(http, request, WARM_UP);
        progress.say("  warmed up for %d s", WARM_UP.toSeconds());
        for (int i = 1; i <= reps; i++) {
            double serverCpu0 = serverProc.processCpuMillis();
            double ownCpu0 = ownProc.processCpuMillis();
            long start = System.nanoTime();
            long[] latencies = window(http, request, WINDOW);
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverCpu = serverProc.processCpuMillis() - serverCpu0;
            double ownCpu = ownProc.processCpuMillis() - ownCpu0;
            Samples window = new Samples();
            for (long latency : latencies) {
                window.add(latency / 1e6);
            }
            double rps = latencies.length / seconds;
            result.requestsPerSecond().add(rps);
            result.p99Millis().add(window.percentile(99));
            result.rssMib().add(serverProc.rssMib());
            result.serverCpuShare().add(serverCpu / (serverCpu + ownCpu));
            progress.say(
                    "  window %d: %.0f req/s, p50 %.1f ms, p99 %.1f ms; CPU server %.0f%%,"
                            + " load generator %.0f%% of %d cores",
                    i,
                    rps,
                    window.median(),
                    window.percentile(99),
                    serverCpu / 10 / seconds,
                    ownCpu / 10 / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
        return result;
    }

    /** Runs the workers for the duration; returns every request's latency in ns. */
    private static long[] window(HttpClient http, HttpRequest request, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long[][] results = new long[WORKERS][];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int w = 0; w < WORKERS; w++) {
            int index = w;
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    results[index] = worker(http, request, end);
                                } catch (RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "list-load-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        // join() makes each worker's array visible here.
        return Arrays.stream(results).flatMapToLong(Arrays::stream).toArray();
    }

    private static long[] worker(HttpClient http, HttpRequest request, long end) {
        long[] latencies = new long[4096];
        int count = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new IllegalStateException("GET jobs failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
            long latency = System.nanoTime() - start;
            if (status != 200) {
                throw new IllegalStateException("GET jobs answered " + status);
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }
        return Arrays.copyOf(latencies, count);
    }
}
