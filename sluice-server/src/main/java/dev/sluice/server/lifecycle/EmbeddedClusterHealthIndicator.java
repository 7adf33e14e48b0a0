package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ArmId;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health component {@code embeddedCluster}: the embedded session cluster's state. A cluster still
 * starting is {@code PROVISIONING}: the overall health ignores that status (the control plane is
 * up), the readiness group answers 503 for it, so scripts can wait on readiness before they submit.
 * A disabled or deleted cluster does not make the server unhealthy; a Failed one does.
 */
@Component
class EmbeddedClusterHealthIndicator implements HealthIndicator {

    /** Not in the overall status order, so only the readiness group maps it (to 503). */
    static final Status PROVISIONING = new Status("PROVISIONING");

    private static final String STARTING = "STARTING";

    private final EmbeddedDefault embedded;
    private final ClusterRecovery recovery;
    private final ClusterProvisioner provisioner;
    private final ResourceStore store;

    EmbeddedClusterHealthIndicator(
            EmbeddedDefault embedded,
            ClusterRecovery recovery,
            ClusterProvisioner provisioner,
            ResourceStore store) {
        this.embedded = embedded;
        this.recovery = recovery;
        this.provisioner = provisioner;
        this.store = store;
    }

    @Override
    public Health health() {
        ArmId id = embedded.id();
        Optional<ClusterRecord> record = store.findCluster(id.clusterKey());
        String state = state(id, record.orElse(null));
        Health.Builder builder =
                state.startsWith("FAILED")
                        ? Health.down()
                        : state.equals(STARTING) ? Health.status(PROVISIONING) : Health.up();
        builder.withDetail("id", id.clusterPath()).withDetail("state", state);
        record.ifPresent(
                r -> {
                    builder.withDetail("provisioningState", String.valueOf(r.provisioningState()));
                    builder.withDetail("status", String.valueOf(r.status()));
                    if (r.statusReason() != null) {
                        builder.withDetail("reason", r.statusReason());
                    }
                    if (r.restUrl() != null) {
                        builder.withDetail("restUrl", r.restUrl());
                    }
                });
        return builder.build();
    }

    /**
     * "UP http://127.0.0.1:port" once this server started it, "UP (adopted)" once it took over the
     * processes of an earlier server; STARTING, DISABLED, ABSENT (deleted), DELETING or "FAILED:
     * reason" otherwise.
     */
    private String state(ArmId id, ClusterRecord record) {
        if (record == null) {
            if (embedded.failure() != null) {
                return "FAILED: " + embedded.failure();
            }
            if (!embedded.enabled()) {
                return "DISABLED";
            }
            return recovery.finished() ? "ABSENT" : STARTING;
        }
        String provisioningState = String.valueOf(record.provisioningState());
        return switch (provisioningState) {
            case ClusterProvisioner.SUCCEEDED -> {
                if (!recovery.settled(id.clusterKey())) {
                    yield STARTING;
                }
                yield provisioner.adopted(id.clusterKey())
                        ? "UP (adopted)"
                        : "UP " + record.restUrl();
            }
            case ClusterProvisioner.FAILED -> "FAILED: " + record.statusReason();
            case ClusterProvisioner.DELETING -> "DELETING";
            default -> STARTING;
        };
    }
}
