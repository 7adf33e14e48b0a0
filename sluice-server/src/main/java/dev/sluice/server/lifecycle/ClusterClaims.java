package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import dev.sluice.server.store.StaleLeaseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the cluster operations (provisioning, deleting) this server runs: claimed before an
 * operation's task touches the cluster, renewed while it runs, handed back when it ends or the
 * server stops; the operation's record writes check the fence. Every period this also looks for
 * operations whose server died (or stalled past its lease) and takes them over, so a lost one
 * resumes within a lease duration plus one period. A local-process cluster's operation is taken
 * over only while this is the one live server: its processes belong to one machine.
 */
final class ClusterClaims {

    static final String PREFIX = "cluster:";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClaims.class);
    private static final Set<String> IN_PROGRESS =
            Set.of(
                    ClusterProvisioner.ACCEPTED,
                    ClusterProvisioner.PROVISIONING,
                    ClusterProvisioner.UPDATING,
                    ClusterProvisioner.DELETING);

    private final Leases leases;
    private final ResourceStore store;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("sluice-cluster-leases"));
    private volatile boolean started;

    ClusterClaims(Leases leases, ResourceStore store) {
        this.leases = leases;
        this.store = store;
    }

    /**
     * The cluster's lease (claimed again, with a new fence), empty while another server holds it.
     */
    Optional<Lease> claim(String clusterKey) {
        Optional<Lease> lease = leases.claim(PREFIX + clusterKey);
        lease.ifPresent(
                l -> {
                    held.put(clusterKey, l);
                    lost.remove(clusterKey);
                });
        return lease;
    }

    /**
     * {@code task} run under the cluster's lease, handed back when it ends; left to the server
     * holding the lease when another does, and cut short at its first write once another took it.
     */
    Runnable claimed(String clusterKey, Runnable task) {
        return () -> {
            if (claim(clusterKey).isEmpty()) {
                LOG.info(
                        "Cluster {}: its operation runs on server {}",
                        clusterKey,
                        leases.holder(PREFIX + clusterKey).map(Lease::owner).orElse("?"));
                return;
            }
            try {
                task.run();
            } catch (StaleLeaseException e) {
                LOG.warn("Cluster {}: {}; it continues there", clusterKey, e.getMessage());
            } finally {
                release(clusterKey);
            }
        };
    }

    /**
     * Runs a write of the cluster's record: when this server holds the cluster's lease, in a
     * transaction that first checks its fence (a {@code StaleLeaseException} when another server
     * took the operation over); otherwise as it is (an adoption or a redeploy, which no operation
     * lease covers).
     */
    void write(String clusterKey, Runnable write) {
        Lease lease = held.get(clusterKey);
        if (lease == null) {
            write.run();
        } else {
            leases.fenced(lease, write);
        }
    }

    /** Hands the cluster back: its operation ended, or this server stops before it could. */
    void release(String clusterKey) {
        Lease lease = held.remove(clusterKey);
        lost.remove(clusterKey);
        if (lease != null) {
            try {
                leases.release(lease);
            } catch (RuntimeException e) {
                // It expires by itself; the next owner just waits for that.
                LOG.warn("Releasing the lease of cluster {} failed: {}", clusterKey, e.toString());
            }
        }
    }

    /**
     * From now on, every {@code every}: renews the held leases, then claims every cluster operation
     * in progress that no live server holds (and {@code busy} does not exclude: queued here
     * already) and hands its key to {@code resume}, lease held. Calling it again does nothing.
     */
    synchronized void start(Duration every, Predicate<String> busy, Consumer<String> resume) {
        if (started) {
            return;
        }
        started = true;
        try {
            timer.scheduleWithFixedDelay(
                    () -> {
                        try {
                            renew();
                            takeOver(busy, resume);
                        } catch (RuntimeException e) {
                            // An exception escaping would cancel every later run.
                            LOG.warn("Renewing cluster leases failed: {}", e.toString());
                        }
                    },
                    every.toMillis(),
                    every.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping already.
        }
    }

    /** One look for cluster operations whose server is gone; see {@link #start}. */
    void takeOver(Predicate<String> busy, Consumer<String> resume) {
        boolean alone = leases.liveServers().size() <= 1;
        for (ClusterRecord cluster : store.listAllClusters()) {
            String key = cluster.id();
            if (!IN_PROGRESS.contains(cluster.provisioningState())
                    || (!cluster.external() && !alone)
                    || held.containsKey(key)
                    || busy.test(key)) {
                continue;
            }
            Optional<Lease> lease = claim(key);
            if (lease.isPresent()) {
                LOG.info(
                        "Taking over the {} cluster {} (fence {}): its server is gone",
                        cluster.provisioningState(),
                        key,
                        lease.get().fence());
                resume.accept(key);
            }
        }
    }

    private void renew() {
        held.forEach(
                (clusterKey, lease) -> {
                    if (!lost.contains(clusterKey) && !leases.renew(lease)) {
                        // Kept in held: its next write is refused by the fence.
                        lost.add(clusterKey);
                        LOG.warn(
                                "Lost the lease of cluster {} (fence {}): its operation continues"
                                        + " on another server",
                                clusterKey,
                                lease.fence());
                    }
                });
    }

    /**
     * Stops renewing and hands every held cluster back at once. The leases stay known here, so a
     * task still running past this writes nothing more once another server claimed its cluster.
     */
    void stop() {
        timer.shutdownNow();
        held.forEach(
                (clusterKey, lease) -> {
                    try {
                        leases.release(lease);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Releasing the lease of cluster {} failed: {}",
                                clusterKey,
                                e.toString());
                    }
                });
    }
}
