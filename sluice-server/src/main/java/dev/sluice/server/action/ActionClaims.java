package dev.sluice.server.action;

import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the actions this server executes: claimed before an action runs, renewed while it
 * runs, handed back when it ends or the server stops; and a periodic look for actions whose server
 * died, so they are taken over within a lease duration plus one period.
 */
final class ActionClaims {

    private static final Logger LOG = LoggerFactory.getLogger(ActionClaims.class);
    private static final String PREFIX = "action:";

    private final Leases leases;
    private final Duration every;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-action-leases"));

    ActionClaims(Leases leases, Duration every) {
        this.leases = leases;
        this.every = every;
    }

    /** The action's lease, empty while another server holds it. */
    Optional<Lease> claim(String actionId) {
        Optional<Lease> lease = leases.claim(PREFIX + actionId);
        lease.ifPresent(l -> held.put(actionId, l));
        return lease;
    }

    /** Hands the action back: it ended, or this server stops before it could. */
    void release(String actionId) {
        Lease lease = held.remove(actionId);
        if (lease != null) {
            try {
                leases.release(lease);
            } catch (RuntimeException e) {
                // It expires by itself; the next owner just waits for that.
                LOG.warn("Releasing the lease of action {} failed: {}", actionId, e.toString());
            }
        }
    }

    /** Renews the held leases and runs {@code lookForOrphans} every period, from now on. */
    void start(Runnable lookForOrphans) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        renew();
                        lookForOrphans.run();
                    } catch (RuntimeException e) {
                        // An exception escaping would cancel every later run.
                        LOG.warn("Renewing action leases failed: {}", e.toString());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renew() {
        held.forEach(
                (actionId, lease) -> {
                    if (!leases.renew(lease) && held.remove(actionId, lease)) {
                        // Its next write is refused by the fence; the new owner resumes it.
                        LOG.warn(
                                "Lost the lease of action {} (fence {}): another server took it"
                                        + " over",
                                actionId,
                                lease.fence());
                    }
                });
    }

    /** Stops renewing and hands every held action back at once. */
    void stop() {
        timer.shutdownNow();
        held.keySet().forEach(this::release);
    }
}
