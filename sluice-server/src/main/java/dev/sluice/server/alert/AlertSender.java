package dev.sluice.server.alert;

import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.job.AlertEvent;
import dev.sluice.server.job.AlertOutbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox's due webhook events on a thread of its own, so no action ever waits for a
 * receiver: POSTs the JSON body, signed when the job has a secret; a 2xx delivers it, anything else
 * is retried after an exponential backoff until {@code sluice.alerts.max-attempts}, then FAILED.
 * Each attempt's outcome is recorded on the event, which the job's detail shows.
 */
@Component
class AlertSender implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    private static final int BATCH = 50;

    private final AlertOutbox outbox;
    private final AlertProperties properties;
    private final Backoff backoff;
    private final HttpClient http;
    private ScheduledExecutorService scheduler;
    private volatile boolean stopping;

    AlertSender(AlertOutbox outbox, AlertProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
        this.backoff = properties.schedule();
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(properties.timeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void begin() {
        if (!properties.enabled() || scheduler != null) {
            return;
        }
        stopping = false;
        scheduler =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-alerts"));
        long every = properties.tick().toMillis();
        scheduler.scheduleWithFixedDelay(this::safeRound, every, every, TimeUnit.MILLISECONDS);
    }

    private void safeRound() {
        // An exception escaping a scheduled task silently cancels all its later runs.
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("Alert delivery round failed: {}", e.toString());
        }
    }

    /** Sends every event due now, one attempt each. */
    void round() {
        for (AlertEvent event : outbox.due(Instant.now(), BATCH)) {
            if (stopping) {
                return;
            }
            int attempt = event.attempts() + 1;
            Duration wait = backoff.after(attempt);
            // Should this server die mid-attempt, the event is due again after the attempt's
            // longest duration plus the backoff.
            if (outbox.claim(event, Instant.now().plus(properties.timeout()).plus(wait))) {
                deliver(event, attempt, wait);
            }
        }
    }

    private void deliver(AlertEvent event, int attempt, Duration wait) {
        Integer status = null;
        String error;
        try {
            status = post(event);
            error = status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException | IllegalArgumentException e) {
            error =
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted (server stopping)";
        }
        if (error == null) {
            outbox.recordAttempt(event.id(), AlertEvent.DELIVERED, status, null, Instant.now());
            LOG.debug("Alert {} delivered to {}", event, status);
        } else if (attempt >= properties.maxAttempts()) {
            outbox.recordAttempt(event.id(), AlertEvent.FAILED, status, error, Instant.now());
            LOG.warn("Alert {} given up after {} attempts: {}", event, attempt, error);
        } else {
            Instant next = Instant.now().plus(wait);
            outbox.recordAttempt(event.id(), AlertEvent.PENDING, status, error, next);
            LOG.info("Alert {} attempt {} failed ({}), retried at {}", event, attempt, error, next);
        }
    }

    private int post(AlertEvent event) throws IOException, InterruptedException {
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(event.url()))
                        .timeout(properties.timeout())
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Sluice-Webhook")
                        .header("X-Sluice-Event", event.type())
                        .header("X-Sluice-Delivery", event.id())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (event.secret() != null) {
            request.header(Signature.HEADER, Signature.of(event.secret(), body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void start() {
        // Delivery begins once the application is ready (begin).
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            // No interrupt: one that lands in an H2 file read closes the whole embedded database.
            // The attempt under way ends within its timeout; no further one starts.
            stopping = true;
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(
                        properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
