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

/** Figure 4: throughput and p99 of GET .../jobs under a loopback load of a few workers. */
final class ListLoadBench {

    static final int WORKERS = 4;

    /**
     * Long enough for the JIT: under this load the server's throughput keeps rising for 30-40 s
     * (1,300 req/s in the first window after a 20 s warm-up, then about 1,950).
     */
    static final Duration WARM_UP = Duration.ofSeconds(40);

    static final Duration WINDOW = Duration.ofSeconds(5);

    /** The diagnosis runs a smaller page in shorter windows: it only shows the trend. */
    static final int SMALL_PAGE = 10;

    static final Duration SHORT_WINDOW = Duration.ofSeconds(2);

    /** Per-window figures of one page size, and what one answer looked like. */
    record Load(
            Samples requestsPerSecond,
            Samples p99Millis,
            Samples rssMib,
            Samples serverCpuShare,
            int pageSize,
            int bodyBytes) {}

    /** The default page (the figure) and a page of {@link #SMALL_PAGE} (the diagnosis). */
    record Result(Load defaultPage, Load smallPage) {}

    private final ServerProcess server;
    private final Progress progress;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ListLoadBench(ServerProcess server, Progress progress) {
        this.server = server;
        this.progress = progress;
    }

    Result run(String cluster, int reps) {
        String path = SluiceApi.cluster(cluster) + "/jobs";
        Load defaultPage = load(path, 100, WARM_UP, WINDOW, reps);
        Load smallPage =
                load(path + "?$top=" + SMALL_PAGE, SMALL_PAGE, SHORT_WINDOW, SHORT_WINDOW, reps);
        return new Result(defaultPage, smallPage);
    }

    private Load load(String path, int expected, Duration warmUp, Duration length, int reps) {
        SluiceApi api = server.api();
        SluiceApi.Reply first = api.get(path).expect(200);
        JsonNode page = first.json();
        int pageSize = page.path("value").size();
        if (pageSize != expected || !page.has("nextLink")) {
            throw new IllegalStateException(
                    "Expected a first page of " + expected + " with a nextLink, got " + pageSize);
        }
        HttpRequest request = api.request(path).GET().build();
        ProcStat serverProc = server.proc();
        ProcStat ownProc = new ProcStat(ProcessHandle.current().pid());
        Load result =
                new Load(
                        new Samples(),
                        new Samples(),
                        new Samples(),
                        new Samples(),
                        pageSize,
                        first.body().getBytes(StandardCharsets.UTF_8).length);
        window(http, request, warmUp);
        for (int i = 1; i <= reps; i++) {
            double serverCpu0 = serverProc.processCpuMillis();
            double ownCpu0 = ownProc.processCpuMillis();
            long start = System.nanoTime();
            long[] latencies = window(http, request, length);
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
                    "  page of %d, window %d: %.0f req/s, p50 %.1f ms, p99 %.1f ms; CPU: server"
                            + " %.0f%%, load generator %.0f%% (100%% = one core)",
                    pageSize,
                    i,
                    rps,
                    window.median(),
                    window.percentile(99),
                    serverCpu / 10 / seconds,
                    ownCpu / 10 / seconds);
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
