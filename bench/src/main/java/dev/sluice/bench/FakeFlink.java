package dev.sluice.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Twenty small fake Flink REST endpoints in one loopback server, for figure 5. */
final class FakeFlink implements AutoCloseable {

    private static final String OVERVIEW =
            "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2,\"jobs-running\":0,"
                    + "\"jobs-finished\":0,\"jobs-cancelled\":0,\"jobs-failed\":0,"
                    + "\"flink-version\":\"1.20.3\",\"flink-commit\":\"fake\"}";

    // Fake, not real: twenty real clusters would not fit in two cores and would bury the figure,
    // which is the observer's own cost. Each cluster lives under /cNN and answers what the
    // observer and provisioning ask: /v1/overview, /v1/jobs/overview, /v1/jobs/:id/checkpoints.
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final int clusters;
    private final AtomicLongArray overviewCalls;
    private final AtomicLong checkpointCalls = new AtomicLong();
    private volatile byte[][] jobsOverview;

    FakeFlink(int clusters) {
        this.clusters = clusters;
        this.overviewCalls = new AtomicLongArray(clusters);
        setJobsPerCluster(0);
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: ~40 ms per answer, which would make the fake, not the observer, the cost.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake Flink", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The REST URL of cluster {@code index}. */
    String restUrl(int index) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/c" + index;
    }

    /** The Flink job id of job {@code job} of cluster {@code cluster}: 32 hex digits. */
    static String jobId(int cluster, int job) {
        return String.format(Locale.ROOT, "%016x%016x", 0xbe00L + cluster, 0xc0L + job);
    }

    static String checkpointPath(String jobId) {
        return "file:/fake/checkpoints/" + jobId + "/chk-1";
    }

    /** Every cluster now reports jobs 0 .. n-1, all RUNNING. */
    void setJobsPerCluster(int jobs) {
        byte[][] bodies = new byte[clusters][];
        for (int c = 0; c < clusters; c++) {
            StringBuilder json = new StringBuilder("{\"jobs\":[");
            for (int j = 0; j < jobs; j++) {
                json.append(j == 0 ? "" : ",")
                        .append("{\"jid\":\"")
                        .append(jobId(c, j))
                        .append("\",\"name\":\"sluice-counter\",\"state\":\"RUNNING\",")
                        .append("\"start-time\":1700000000000,\"end-time\":-1,")
                        .append("\"duration\":1000,\"last-modification\":1700000000000,")
                        .append("\"tasks\":{\"total\":3,\"running\":3}}");
            }
            bodies[c] = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
        jobsOverview = bodies;
    }

    /** GET /v1/jobs/overview calls cluster {@code index} answered: one per observer round. */
    long overviewCalls(int index) {
        return overviewCalls.get(index);
    }

    long checkpointCalls() {
        return checkpointCalls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            // "", "c7", "v1", ...
            int cluster = parts.length > 2 ? clusterIndex(parts[1]) : -1;
            String rest = cluster < 0 ? "" : path.substring(parts[1].length() + 1);
            if (rest.equals("/v1/overview")) {
                answer(exchange, 200, OVERVIEW.getBytes(StandardCharsets.UTF_8));
            } else if (rest.equals("/v1/jobs/overview")) {
                overviewCalls.incrementAndGet(cluster);
                answer(exchange, 200, jobsOverview[cluster]);
            } else if (rest.startsWith("/v1/jobs/") && rest.endsWith("/checkpoints")) {
                checkpointCalls.incrementAndGet();
                String jobId =
                        rest.substring(
                                "/v1/jobs/".length(), rest.length() - "/checkpoints".length());
                answer(exchange, 200, checkpoints(jobId));
            } else {
                answer(
                        exchange,
                        404,
                        "{\"errors\":[\"Not found: fake Flink\"]}"
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private int clusterIndex(String segment) {
        if (!segment.startsWith("c")) {
            return -1;
        }
        try {
            int index = Integer.parseInt(segment.substring(1));
            return index < clusters ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] checkpoints(String jobId) {
        String completed =
                "{\"id\":1,\"is_savepoint\":false,\"checkpoint_type\":\"CHECKPOINT\","
                        + "\"trigger_timestamp\":1700000000000,\"latest_ack_timestamp\":1700000000100,"
                        + "\"state_size\":1024,\"checkpointed_size\":1024,\"end_to_end_duration\":100,"
                        + "\"external_path\":\""
                        + checkpointPath(jobId)
                        + "\",\"discarded\":false}";
        return ("{\"counts\":{\"restored\":0,\"total\":1,\"in_progress\":0,\"completed\":1,"
                        + "\"failed\":0},\"latest\":{\"completed\":"
                        + completed
                        + ",\"savepoint\":null,\"failed\":null,\"restored\":null}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** All jobs' ids of one cluster, in order. */
    static List<String> jobIds(int cluster, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int j = from; j < to; j++) {
            ids.add(jobId(cluster, j));
        }
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
