package dev.sluice.server.observe;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cluster status the observer keeps: only the Running/Unreachable pair is its to set, and only
 * on a provisioned cluster at the URL it polled; other statuses belong to whoever provisions it.
 */
final class ClusterStatuses {

    static final String RUNNING = "Running";
    static final String UNREACHABLE = "Unreachable";

    private final ResourceStore resources;

    ClusterStatuses(ResourceStore resources) {
        this.resources = resources;
    }

    void set(ClusterRecord seen, String status, @Nullable String reason) {
        if (!mayChange(seen, status, reason)) {
            return;
        }
        resources.updateCluster(
                seen.id(),
                current ->
                        mayChange(current, status, reason)
                                        && Objects.equals(current.restUrl(), seen.restUrl())
                                ? current.withState(
                                        current.provisioningState(),
                                        status,
                                        reason,
                                        current.restUrl())
                                : current);
    }

    private static boolean mayChange(
            ClusterRecord cluster, String status, @Nullable String reason) {
        if (!"Succeeded".equals(cluster.provisioningState())) {
            return false;
        }
        if (status.equals(RUNNING)) {
            return UNREACHABLE.equals(cluster.status());
        }
        return !status.equals(cluster.status()) || !Objects.equals(reason, cluster.statusReason());
    }
}
