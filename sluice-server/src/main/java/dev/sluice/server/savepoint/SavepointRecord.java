package dev.sluice.server.savepoint;

import java.time.Instant;

/**
 * One savepoint of a job's history.
 *
 * @param id record id (32 hex)
 * @param jobId the job's database id (kept after the job is deleted)
 * @param clusterId the cluster's key, lower case
 * @param jobName the job's name
 * @param entry the savepoint as found in storage when recorded: name, URI, time, usable, size
 * @param kind how it was taken
 * @param actionId the action that took it, null when imported
 * @param state what became of it
 * @param disposeError why the last disposal failed, null otherwise
 * @param disposedAt when its files were removed
 */
public record SavepointRecord(
        String id,
        long jobId,
        String clusterId,
        String jobName,
        SavepointEntry entry,
        SavepointKind kind,
        String actionId,
        SavepointState state,
        String disposeError,
        Instant disposedAt) {

    public String uri() {
        return entry.uri();
    }

    public Instant time() {
        return entry.time();
    }

    /** Whether it can be restored: recorded with a {@code _metadata} and not disposed. */
    public boolean usable() {
        return entry.usable() && state != SavepointState.DISPOSED;
    }
}
