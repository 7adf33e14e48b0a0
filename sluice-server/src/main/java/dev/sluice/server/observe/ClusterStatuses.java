package dev.sluice.server.observe;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import java.net.URI;
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

    /**
     * Follows a local cluster its target started again on other ports: the record gets the new REST
     * URL (Running), so the next round asks the new JobManager, which knows none of the old runs,
     * and they are relaunched. Only while the record still holds the URL that was polled.
     */
    void moved(ClusterRecord seen, URI to) {
        resources.updateCluster(
                seen.id(),
                current ->
                        "Succeeded".equals(current.provisioningState())
                                        && Objects.equals(current.restUrl(), seen.restUrl())
                                ? current.withState(
                                        current.provisioningState(), RUNNING, null, to.toString())
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
