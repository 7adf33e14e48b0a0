package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.DaemonThreads;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.LeaseProperties;
import dev.sluice.server.store.Leases;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes every cluster an earlier server left behind, as its record says (adopt or restart what
 * should run, finish a provisioning or a delete that was cut short), then creates the embedded
 * default on a first start. Runs off the main thread so health answers while Flink boots. Of
 * several servers on one database only the holder of the {@code clusters:recovery} lease does this,
 * and keeps the lease while it lives: a server joining live ones resumes no cluster twice.
 */
@Component
class ClusterRecovery implements DisposableBean {

    static final String RECOVERY = "clusters:recovery";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecovery.class);

    private final ResourceStore store;
    private final ClusterProvisioner provisioner;
    private final EmbeddedDefault embedded;
    private final Leases leases;
    private final LeaseProperties leaseProperties;
    private final ScheduledExecutorService renewer =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("sluice-recovery-lease"));
    private volatile Optional<Lease> lease = Optional.empty();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean scanned;
    private volatile boolean finished;

    ClusterRecovery(
            ResourceStore store,
            ClusterProvisioner provisioner,
            EmbeddedDefault embedded,
            Leases leases,
            LeaseProperties leaseProperties) {
        this.store = store;
        this.provisioner = provisioner;
        this.embedded = embedded;
        this.leases = leases;
        this.leaseProperties = leaseProperties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        DaemonThreads.named("sluice-cluster-recovery").newThread(this::recover).start();
    }

    void recover() {
        try {
            lease = leases.claim(RECOVERY);
            if (lease.isEmpty()) {
                if (!scanned) {
                    LOG.info(
                            "Server {} of {} runs the recorded clusters; this one takes over if"
                                    + " that one dies",
                            leases.holder(RECOVERY).map(Lease::owner).orElse("?"),
                            leases.liveServers());
                }
                scanned = true;
                // The holder may have been killed (a restarted server has a new id): its lease
                // then expires, and this server claims it and resumes what it left.
                tryAgainLater();
                return;
            }
            long every = leaseProperties.renewEvery().toMillis();
            renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
            List<ClusterRecord> clusters = store.listAllClusters();
            clusters.forEach(cluster -> pending.add(cluster.id()));
            scanned = true;
            if (!clusters.isEmpty()) {
                LOG.info("Resuming {} cluster(s) recorded by an earlier server", clusters.size());
            }
            for (ClusterRecord cluster : clusters) {
                provisioner.resume(cluster).whenComplete((ok, e) -> pending.remove(cluster.id()));
            }
            embedded.ensure();
        } catch (RuntimeException e) {
            LOG.error("Resuming the recorded clusters failed: {}", e.getMessage(), e);
            pending.clear();
            scanned = true;
        } finally {
            finished = true;
            // Every live server takes over the operations of servers that die from now on.
            provisioner.startTakingOver();
        }
    }

    private void tryAgainLater() {
        try {
            renewer.schedule(
                    this::recover, leaseProperties.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: the next server to start claims recovery.
        }
    }

    private void renew() {
        try {
            lease.filter(held -> !leases.renew(held))
                    .ifPresent(lost -> LOG.warn("Lost the lease {}", RECOVERY));
        } catch (RuntimeException e) {
            LOG.warn("Renewing the lease {} failed: {}", RECOVERY, e.toString());
        }
    }

    /** A stopping server hands recovery to the next server that starts. */
    @Override
    public void destroy() {
        renewer.shutdownNow();
        try {
            lease.ifPresent(leases::release);
        } catch (RuntimeException e) {
            LOG.warn("Releasing the lease {} failed: {}", RECOVERY, e.toString());
        }
    }

    /** True once a cluster recorded at startup has been adopted, restarted or given up on. */
    boolean settled(String clusterKey) {
        return scanned && !pending.contains(clusterKey);
    }

    /** True once the records have been read and the embedded default created if due. */
    boolean finished() {
        return finished;
    }
}
