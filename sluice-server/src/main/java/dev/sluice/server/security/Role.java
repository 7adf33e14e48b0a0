package dev.sluice.server.security;

import java.util.Locale;
import java.util.Optional;

/** The three roles, each including the rights of the ones before it. */
public enum Role {
    /** Every GET: pools, clusters, jobs, operations. */
    Reader,
    /** Also runs job actions (runJob) and uploads jars. */
    Contributor,
    /** Also writes pools and clusters, principals and role assignments, and reads the audit log. */
    Owner;

    /** Whether holding this role gives the rights of {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role named {@code name} in any letter case, empty for anything else. */
    static Optional<Role> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
