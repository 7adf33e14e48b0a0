package dev.sluice.server.cluster;

import org.springframework.stereotype.Component;

/**
 * Serializes the API's writes of pools and clusters: a cluster cannot be added to a pool while the
 * pool is deleted, and two PUTs of one cluster cannot both create it. Each write is a few quick
 * database statements; provisioning runs outside the lock.
 */
@Component
public final class ResourceLock {}
