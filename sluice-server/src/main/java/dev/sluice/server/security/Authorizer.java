package dev.sluice.server.security;

import java.util.List;
import java.util.function.Function;

/**
 * Decides whether a principal holds a role at an ARM path, from its role assignments: a role at a
 * scope applies to everything under it, and Owner includes Contributor includes Reader. The API
 * filter chain asks it on every call; the portal asks it before showing or changing anything.
 */
public final class Authorizer {

    private final Function<String, List<RoleAssignment>> assignmentsOf;

    /**
     * @param assignmentsOf the role assignments of a principal id (a fresh read every call)
     */
    Authorizer(Function<String, List<RoleAssignment>> assignmentsOf) {
        this.assignmentsOf = assignmentsOf;
    }

    /** Whether {@code principal} holds {@code needed} (or a higher role) over {@code path}. */
    public boolean allows(String principal, Role needed, String path) {
        return assignmentsOf.apply(principal).stream()
                .anyMatch(a -> a.role().includes(needed) && a.scope().covers(path));
    }

    /** Whether {@code principal} holds {@code needed} over the whole of {@code scope}. */
    boolean allows(String principal, Role needed, Scope scope) {
        return assignmentsOf.apply(principal).stream()
                .anyMatch(a -> a.role().includes(needed) && a.scope().covers(scope));
    }

    /** The scopes at which {@code principal} holds {@code role} or higher. */
    List<Scope> scopes(String principal, Role role) {
        return assignmentsOf.apply(principal).stream()
                .filter(a -> a.role().includes(role))
                .map(RoleAssignment::scope)
                .toList();
    }
}
