package dev.sluice.server.common;

import java.time.Instant;

/**
 * A long-running operation on a pool or cluster resource (PUT, DELETE), pollable by its id. (Job
 * actions are their own operations: see JobAction.)
 *
 * @param id operation id (32 hex)
 * @param resourceId ARM id of the resource, lower case
 * @param kind what it does, e.g. "cluster.create", "cluster.delete"
 * @param status InProgress, Succeeded, Failed
 * @param error failure message, null unless Failed
 */
public record OperationRecord(
        String id,
        String resourceId,
        String kind,
        String status,
        String error,
        Instant createdAt,
        Instant endedAt) {}
