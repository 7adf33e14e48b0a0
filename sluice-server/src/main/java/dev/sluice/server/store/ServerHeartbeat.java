package dev.sluice.server.store;

import dev.sluice.server.common.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this server in the {@code servers} table while it runs and takes it out when it stops, so
 * work spread over the live servers (cluster observation) is re-spread at once.
 */
@Component
class ServerHeartbeat implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHeartbeat.class);

    private final Leases leases;
    private final LeaseProperties properties;
    private @Nullable ScheduledExecutorService timer;

    ServerHeartbeat(Leases leases, LeaseProperties properties) {
        this.leases = leases;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-heartbeat"));
        long every = properties.renewEvery().toMillis();
        executor.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
        timer = executor;
        LOG.info("Server {} joined", leases.owner());
    }

    private void beat() {
        try {
            leases.heartbeat();
        } catch (RuntimeException e) {
            // An exception escaping would cancel every later beat.
            LOG.warn("Server heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            try {
                leases.leave();
            } catch (RuntimeException e) {
                LOG.warn("Leaving the live servers failed: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
