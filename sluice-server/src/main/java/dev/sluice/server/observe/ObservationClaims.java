package dev.sluice.server.observe;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Which clusters this server observes: each cluster's observation is a lease held by one live
 * server, and a server takes no more than its share (clusters / live servers, rounded up), handing
 * back the rest, so observation spreads over the servers and follows them as they come and go.
 */
@Component
class ObservationClaims implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationClaims.class);
    private static final String PREFIX = "observe:";

    private final Leases leases;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    ObservationClaims(Leases leases) {
        this.leases = leases;
    }

    /** Renews, claims and hands back leases for this round; returns the clusters held now. */
    synchronized List<ClusterRecord> mine(List<ClusterRecord> clusters) {
        List<ClusterRecord> sorted = new ArrayList<>(clusters);
        sorted.sort(Comparator.comparing(ClusterRecord::id));
        int servers = Math.max(1, leases.liveServers().size());
        int share = (sorted.size() + servers - 1) / servers;
        List<ClusterRecord> mine = new ArrayList<>();
        for (ClusterRecord cluster : sorted) {
            Lease lease = held.get(cluster.id());
            if (lease != null && !leases.renew(lease)) {
                held.remove(cluster.id());
                lease = null;
            }
            if (lease != null && mine.size() >= share) {
                // More than this server's share: another (new) server takes it over.
                release(cluster.id());
                continue;
            }
            if (lease == null && mine.size() < share) {
                lease = leases.claim(PREFIX + cluster.id()).orElse(null);
                if (lease != null) {
                    held.put(cluster.id(), lease);
                }
            }
            if (lease != null) {
                mine.add(cluster);
            }
        }
        // Clusters deleted since the last round.
        held.keySet().removeIf(id -> sorted.stream().noneMatch(c -> c.id().equals(id)));
        return mine;
    }

    private void release(String clusterId) {
        Lease lease = held.remove(clusterId);
        if (lease != null) {
            leases.release(lease);
        }
    }

    /** A stopping server hands its clusters back at once. */
    @Override
    public synchronized void destroy() {
        for (String clusterId : List.copyOf(held.keySet())) {
            try {
                release(clusterId);
            } catch (RuntimeException e) {
                LOG.warn("Handing back cluster {} failed: {}", clusterId, e.toString());
            }
        }
    }
}
