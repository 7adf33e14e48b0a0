package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.OperationRecord;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioner's writes of a cluster's record and operation, each checking the fence of the
 * cluster's lease when this server holds it ({@link ClusterClaims#write}): a server that lost an
 * operation to another can record nothing more of it.
 */
final class ClusterRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecords.class);

    private final ResourceStore store;
    private final ClusterClaims claims;

    ClusterRecords(ResourceStore store, ClusterClaims claims) {
        this.store = store;
        this.claims = claims;
    }

    /** Changes the record unless a DELETE has taken it over (or it is gone). */
    void update(String key, UnaryOperator<ClusterRecord> change) {
        try {
            claims.write(
                    key,
                    () ->
                            store.updateCluster(
                                    key,
                                    r ->
                                            ClusterProvisioner.DELETING.equals(
                                                            r.provisioningState())
                                                    ? r
                                                    : change.apply(r)));
        } catch (NoSuchElementException e) {
            LOG.debug("Cluster {} is gone; nothing to update", key);
        }
    }

    /** Removes the record of a cluster whose deployment is gone. */
    void delete(String key) {
        claims.write(key, () -> store.deleteCluster(key));
    }

    /** Ends the operation (when there is one and it is still in progress) as {@code status}. */
    void endOperation(String key, String operationId, String status, String error) {
        if (operationId == null) {
            return;
        }
        Optional<OperationRecord> operation = store.findOperation(operationId);
        if (operation.isEmpty()) {
            LOG.warn("Operation {} is not recorded; cannot end it as {}", operationId, status);
            return;
        }
        if (ClusterOperation.IN_PROGRESS.equals(operation.get().status())) {
            claims.write(
                    key,
                    () ->
                            store.updateOperation(
                                    ClusterOperation.ended(operation.get(), status, error)));
        }
    }
}
