package dev.sluice.server.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends requests to a {@link SluiceProcess} and kills it with SIGKILL the moment the last of their
 * answers arrives (on its status line and headers, before its body is read): whatever the server
 * promised in those answers must already be on disk.
 */
public final class KillSwitch {

    /** An answer's status and headers; its body is not waited for. */
    public record Reply(int status, HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final SluiceProcess server;
    private final AtomicInteger left;

    /**
     * A switch that kills {@code server} once {@code answers} requests sent through it answered.
     */
    public KillSwitch(SluiceProcess server, int answers) {
        this.server = server;
        this.left = new AtomicInteger(answers);
    }

    /** Sends a JSON request (no body when null) with the Owner's token. */
    public Reply send(String method, String path, String json) {
        HttpRequest request =
                HttpRequest.newBuilder(server.api().uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + server.ownerToken())
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build();
        AtomicReference<Reply> reply = new AtomicReference<>();
        try {
            HTTP.send(
                    request,
                    info -> {
                        reply.set(new Reply(info.statusCode(), info.headers()));
                        if (left.decrementAndGet() == 0) {
                            server.killNow();
                        }
                        return HttpResponse.BodySubscribers.discarding();
                    });
        } catch (IOException e) {
            // The kill cut the body short: the status and headers are what counts.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
        if (reply.get() == null) {
            throw new AssertionError("No answer to " + method + " " + path);
        }
        return reply.get();
    }
}
