package dev.sluice.server.flink;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a Flink JobManager's REST endpoint on 127.0.0.1: answers canned JSON per "METHOD
 * /path?query" and records every request it receives.
 */
final class FakeFlinkServer implements AutoCloseable {

    /** One request as the server saw it; {@code path} is the raw (still percent-encoded) path. */
    record Recorded(String method, String path, String query, Headers headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getFirst("Content-Type");
        }
    }

    private record Answer(int status, String contentType, String body, Duration delay) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private FakeFlinkServer() {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeFlinkServer start() {
        return new FakeFlinkServer();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answer {@code method target} (target = path plus "?query" if any) with JSON. */
    void answer(String method, String target, int status, String json) {
        answers.put(
                method + " " + target,
                new Answer(status, "application/json; charset=UTF-8", json, Duration.ZERO));
    }

    void answerRaw(String method, String target, int status, String contentType, String body) {
        answers.put(method + " " + target, new Answer(status, contentType, body, Duration.ZERO));
    }

    void answerSlowly(String method, String target, Duration delay, String json) {
        answers.put(method + " " + target, new Answer(200, "application/json", json, delay));
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests);
        }
        return requests.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        String query = uri.getRawQuery();
        requests.add(
                new Recorded(
                        exchange.getRequestMethod(),
                        uri.getRawPath(),
                        query,
                        exchange.getRequestHeaders(),
                        body));
        String target = uri.getRawPath() + (query == null ? "" : "?" + query);
        Answer answer = answers.get(exchange.getRequestMethod() + " " + target);
        if (answer == null) {
            // What Flink's router answers for a path it has no handler for.
            answer =
                    new Answer(
                            404,
                            "application/json",
                            "{\"errors\":[\"Unable to load requested file "
                                    + uri.getRawPath()
                                    + ".\"]}",
                            Duration.ZERO);
        }
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
