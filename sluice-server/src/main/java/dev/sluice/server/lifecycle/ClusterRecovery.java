package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.DaemonThreads;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes every cluster an earlier server left behind, as its record says (adopt or restart what
 * should run, finish a provisioning or a delete that was cut short), then creates the embedded
 * default on a first start. Runs off the main thread so health answers while Flink boots.
 */
@Component
class ClusterRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecovery.class);

    private final ResourceStore store;
    private final ClusterProvisioner provisioner;
    private final EmbeddedDefault embedded;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean scanned;
    private volatile boolean finished;

    ClusterRecovery(ResourceStore store, ClusterProvisioner provisioner, EmbeddedDefault embedded) {
        this.store = store;
        this.provisioner = provisioner;
        this.embedded = embedded;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        DaemonThreads.named("sluice-cluster-recovery").newThread(this::recover).start();
    }

    void recover() {
        try {
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
