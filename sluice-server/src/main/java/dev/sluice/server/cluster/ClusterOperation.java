package dev.sluice.server.cluster;

import dev.sluice.server.common.OperationRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** The long-running operations on a cluster resource, as kept in {@link OperationRecord}. */
public enum ClusterOperation {
    CREATE("cluster.create", "ClusterProvisioningFailed"),
    UPDATE("cluster.update", "ClusterProvisioningFailed"),
    /** A PATCH's upgrade; the id is its job action's, which decides how it ends. */
    UPGRADE(ClusterOperation.UPGRADE_KIND, "ClusterUpgradeFailed"),
    /** Clusters_Resize, or a PUT/PATCH of another numReplicas: TaskManagers scaled in place. */
    RESIZE("cluster.resize", "ClusterResizeFailed"),
    DELETE("cluster.delete", "ClusterDeletionFailed");

    /** The kind of a PATCH upgrade, whose operation id is its job action's. */
    public static final String UPGRADE_KIND = "cluster.upgrade";

    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private final String kind;
    private final String errorCode;

    ClusterOperation(String kind, String errorCode) {
        this.kind = kind;
        this.errorCode = errorCode;
    }

    /** A new operation on a resource, in progress. */
    public OperationRecord start(String resourceId) {
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
    public OperationRecord done(String resourceId) {
        OperationRecord started = start(resourceId);
        return ended(started, SUCCEEDED, null);
    }

    /** The stored kind, e.g. {@code cluster.delete}. */
    public String kind() {
        return kind;
    }

    public static boolean isDelete(OperationRecord operation) {
        return DELETE.kind.equals(operation.kind());
    }

    /** The stable error code a failed operation of that kind reports. */
    public static String errorCode(String kind) {
        return Arrays.stream(values())
                .filter(op -> op.kind.equals(kind))
                .map(op -> op.errorCode)
                .findFirst()
                .orElse("OperationFailed");
    }

    public static OperationRecord ended(OperationRecord operation, String status, String error) {
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
