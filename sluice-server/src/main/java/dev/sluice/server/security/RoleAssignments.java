package dev.sluice.server.security;

import dev.sluice.server.common.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to who may do what: role assignments and the deletion of principals. An assignment is
 * changed only by an Owner of (or above) its scope, and the last Owner at {@code /} never goes, so
 * the installation cannot lock itself out.
 */
@Service
class RoleAssignments {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SecurityStore store;
    private final Authorizer authorizer;
    private final TransactionTemplate transaction;
    // Checking "is this the last root Owner" and then deleting must not interleave.
    private final Object lock = new Object();

    RoleAssignments(SecurityStore store, Authorizer authorizer, TransactionTemplate transaction) {
        this.store = store;
        this.authorizer = authorizer;
        this.transaction = transaction;
    }

    /** The outcome of a PUT: the assignment as stored and whether it is new. */
    record Put(RoleAssignment assignment, boolean created) {}

    Put put(String caller, String id, String principalId, String roleName, String scopeText) {
        checkName(id);
        if (principalId == null || principalId.isBlank() || principalId.length() > 1024) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "principalId is required (a client id or an external principal), at most 1024"
                            + " characters",
                    "properties.principalId");
        }
        Role role =
                Role.named(roleName)
                        .orElseThrow(
                                () ->
                                        ApiException.badRequest(
                                                "InvalidRequestContent",
                                                "role must be Reader, Contributor or Owner",
                                                "properties.role"));
        Scope scope = Scope.parse(scopeText);
        requireOwner(caller, scope);
        synchronized (lock) {
            return transaction.execute(
                    status -> {
                        Optional<RoleAssignment> existing = store.findAssignment(id);
                        existing.ifPresent(
                                old -> {
                                    requireOwner(caller, old.scope());
                                    boolean stillRootOwner =
                                            role == Role.Owner
                                                    && scope.key().equals("/")
                                                    && old.principalId().equals(principalId);
                                    if (!stillRootOwner) {
                                        keepLastRootOwner(List.of(old));
                                    }
                                });
                        RoleAssignment assignment =
                                new RoleAssignment(
                                        id,
                                        principalId.strip(),
                                        role,
                                        scope,
                                        existing.map(RoleAssignment::createdBy).orElse(caller),
                                        existing.map(RoleAssignment::createdAt)
                                                .orElse(SecurityStore.now()));
                        try {
                            store.putAssignment(assignment);
                        } catch (DuplicateKeyException e) {
                            throw ApiException.conflict(
                                    "RoleAssignmentExists",
                                    "Principal '"
                                            + principalId
                                            + "' already holds "
                                            + role
                                            + " at '"
                                            + scope.value()
                                            + "'");
                        }
                        return new Put(assignment, existing.isEmpty());
                    });
        }
    }

    /** The assignment, if the caller may see it: its own, or one at a scope it owns. */
    RoleAssignment get(String caller, String id) {
        RoleAssignment assignment = store.findAssignment(id).orElseThrow(() -> notFound(id));
        if (!visible(caller, assignment)) {
            throw forbidden(caller, assignment.scope());
        }
        return assignment;
    }

    /** The assignments the caller may see, optionally of one principal. */
    List<RoleAssignment> list(String caller, String principalId) {
        List<RoleAssignment> all =
                principalId == null || principalId.isBlank()
                        ? store.listAssignments()
                        : store.assignmentsOf(principalId);
        return all.stream().filter(a -> visible(caller, a)).toList();
    }

    /** Deletes the assignment; empty when there was none. */
    Optional<RoleAssignment> delete(String caller, String id) {
        synchronized (lock) {
            Optional<RoleAssignment> existing = store.findAssignment(id);
            if (existing.isEmpty()) {
                return existing;
            }
            requireOwner(caller, existing.get().scope());
            keepLastRootOwner(List.of(existing.get()));
            store.deleteAssignment(id);
            return existing;
        }
    }

    /** Deletes a principal and its assignments (the caller is an Owner at {@code /}). */
    boolean deletePrincipal(String clientId) {
        synchronized (lock) {
            keepLastRootOwner(store.assignmentsOf(clientId));
            return Boolean.TRUE.equals(
                    transaction.execute(status -> store.deletePrincipal(clientId)));
        }
    }

    private boolean visible(String caller, RoleAssignment assignment) {
        return assignment.principalId().equals(caller)
                || authorizer.allows(caller, Role.Owner, assignment.scope());
    }

    private void requireOwner(String caller, Scope scope) {
        if (!authorizer.allows(caller, Role.Owner, scope)) {
            throw forbidden(caller, scope);
        }
    }

    /** Refuses when {@code going} holds every Owner assignment at {@code /}. */
    private void keepLastRootOwner(List<RoleAssignment> going) {
        List<String> goingIds = going.stream().map(RoleAssignment::id).toList();
        boolean anotherRemains =
                store.rootOwners().stream().anyMatch(owner -> !goingIds.contains(owner.id()));
        boolean takesRootOwner =
                going.stream().anyMatch(a -> a.role() == Role.Owner && a.scope().key().equals("/"));
        if (takesRootOwner && !anotherRemains) {
            throw ApiException.conflict(
                    "LastOwner",
                    "This is the last Owner assignment at '/'; assign Owner at '/' to another"
                            + " principal first");
        }
    }

    private static void checkName(String id) {
        if (id == null || !NAME.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "InvalidResourceName",
                    "A role assignment name is 1 to 64 letters, digits, '.', '_' or '-' (a GUID"
                            + " is customary)",
                    "roleAssignmentName");
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound(
                "RoleAssignmentNotFound", "Role assignment '" + id + "' not found");
    }

    private static ApiException forbidden(String caller, Scope scope) {
        return new ApiException(
                403,
                "AuthorizationFailed",
                "Principal '"
                        + caller
                        + "' has no role assignment granting Owner over '"
                        + scope.value()
                        + "'");
    }
}
