package dev.sluice.server.security;

import dev.sluice.server.storage.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints one line once {@code /actuator/health/readiness} turns ready (the embedded session cluster
 * included): where the API and the portal are and which file holds the Owner's credentials (never
 * the secret itself). A newcomer watching {@code ./sluice up} knows when to start.
 */
@Component
class ReadyAnnouncement {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyAnnouncement.class);
    private static final long POLL_MILLIS = 500;

    private final HealthEndpoint health;
    private final TokenIssuer issuer;
    private final OwnerBootstrap owner;
    private volatile boolean closed;

    ReadyAnnouncement(HealthEndpoint health, TokenIssuer issuer, OwnerBootstrap owner) {
        this.health = health;
        this.issuer = issuer;
        this.owner = owner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void watch() {
        Thread watcher = new Thread(this::announceWhenReady, "sluice-ready");
        watcher.setDaemon(true);
        watcher.start();
    }

    @EventListener(ContextClosedEvent.class)
    void close() {
        closed = true;
    }

    private void announceWhenReady() {
        try {
            while (!closed) {
                HealthDescriptor readiness = health.healthForPath("readiness");
                Status status = readiness == null ? Status.UP : readiness.getStatus();
                if (Status.UP.equals(status)) {
                    announce();
                    return;
                }
                if (Status.DOWN.equals(status)) {
                    LOG.warn(
                            "Sluice is running but not ready: the embedded session cluster failed"
                                    + " (see the errors above, or GET {}/actuator/health with a"
                                    + " token)",
                            issuer.localBase());
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The server runs on without the line; readiness still answers.
            LOG.warn("Cannot tell when Sluice is ready: {}", e.toString());
        }
    }

    private void announce() {
        String base = issuer.localBase();
        String credentials =
                PrivateFiles.exists(owner.file())
                        ? owner.file().toString()
                        : "not on disk (expected " + owner.file() + ")";
        LOG.info(
                "Sluice is ready: API {}, portal {}/portal, Owner credentials {}",
                base,
                base,
                credentials);
    }
}
