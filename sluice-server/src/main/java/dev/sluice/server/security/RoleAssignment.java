package dev.sluice.server.security;

import java.time.Instant;

/**
 * A role granted to a principal at a scope.
 *
 * @param id the assignment's name, chosen by the client that created it
 * @param principalId a built-in client id, or an external issuer's principal claim value
 * @param createdBy who created it
 */
record RoleAssignment(
        String id,
        String principalId,
        Role role,
        Scope scope,
        String createdBy,
        Instant createdAt) {}
