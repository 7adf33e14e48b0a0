package dev.sluice.server.cluster;

import dev.sluice.server.arm.OperationRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** The long-running operations on a cluster resource, as kept in {@link OperationRecord}. */
enum ClusterOperation {
    CREATE("cluster.create", "ClusterProvisioningFailed"),
    UPDATE("cluster.update", "ClusterProvisioningFailed"),
    /** A PATCH's upgrade; the id is its job action's, which decides how it ends. */
    UPGRADE(ClusterUpgrade.KIND, "ClusterUpgradeFailed"),
    DELETE("cluster.delete", "ClusterDeletionFailed");

    static final String IN_PROGRESS = "InProgress";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    private final String kind;
    private final String errorCode;

    ClusterOperation(String kind, String errorCode) {
        this.kind = kind;
        this.errorCode = errorCode;
    }

    /** A new operation on a resource, in progress. */
    OperationRecord start(String resourceId) {
        return new OperationRecord(
                UUID.randomUUID().toString().replace("-", ""),
                resourceId,
                kind,
                IN_PROGRESS,
                null,
                Instant.now(),
                null);
    }

    /** An operation that is over before it is stored (nothing to provision). */
    OperationRecord done(String resourceId) {
        OperationRecord started = start(resourceId);
        return ended(started, SUCCEEDED, null);
    }

    static boolean isDelete(OperationRecord operation) {
        return DELETE.kind.equals(operation.kind());
    }

    /** The stable error code a failed operation of that kind reports. */
    static String errorCode(String kind) {
        return Arrays.stream(values())
                .filter(op -> op.kind.equals(kind))
                .map(op -> op.errorCode)
                .findFirst()
                .orElse("OperationFailed");
    }

    static OperationRecord ended(OperationRecord operation, String status, String error) {
        return new OperationRecord(
                operation.id(),
                operation.resourceId(),
                operation.kind(),
                status,
                error,
                operation.createdAt(),
                Instant.now());
    }
}
