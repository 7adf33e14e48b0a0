package dev.sluice.server.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Adopts the local clusters an earlier server left running and starts the embedded default session
 * cluster if it is not among them. Runs after startup, off the main thread, so the server answers
 * health checks while Flink boots.
 */
@Component
class EmbeddedCluster implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final LocalProcessDeployer deployer;
    private final EmbeddedClusterProperties properties;
    private final AtomicReference<String> state = new AtomicReference<>("STARTING");

    EmbeddedCluster(LocalProcessDeployer deployer, EmbeddedClusterProperties properties) {
        this.deployer = deployer;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        Thread thread = new Thread(this::bringUp, "sluice-embedded-cluster");
        thread.setDaemon(true);
        thread.start();
    }

    private void bringUp() {
        try {
            List<LocalCluster> adopted = deployer.adoptAll();
            boolean present = adopted.stream().anyMatch(c -> c.name().equals(properties.name()));
            if (properties.enabled() && !present) {
                LocalCluster cluster = deployer.start(properties.spec());
                state.set("UP " + cluster.restUrl());
            } else {
                state.set(present ? "UP (adopted)" : "DISABLED");
            }
        } catch (RuntimeException e) {
            state.set("FAILED: " + e.getMessage());
            LOG.error("The embedded session cluster could not be started: {}", e.getMessage());
        }
    }

    @Override
    public Health health() {
        String current = state.get();
        // A cluster still booting or disabled does not make the control plane unhealthy.
        Health.Builder builder = current.startsWith("FAILED") ? Health.down() : Health.up();
        return builder.withDetail("cluster", properties.name())
                .withDetail("state", current)
                .build();
    }
}
