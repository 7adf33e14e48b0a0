package dev.sluice.server.security;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The built-in issuer's service principals: a generated client id and secret, the secret kept only
 * as a hash. Also the user store of the portal's session login (client id and secret).
 */
@Service
class Principals implements UserDetailsService {

    private static final int SECRET_BYTES = 32;

    private final SecurityStore store;
    private final PasswordEncoder encoder;
    private final TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();

    Principals(SecurityStore store, PasswordEncoder encoder, TransactionTemplate transaction) {
        this.store = store;
        this.encoder = encoder;
        this.transaction = transaction;
    }

    /** A principal just created: the only time its secret is known. */
    record Created(String clientId, String clientSecret, String displayName, Instant createdAt) {

        @Override
        public String toString() {
            return "Created[clientId=" + clientId + "]";
        }
    }

    /** The credentials a new principal will have; nothing is stored yet. */
    Created newCredentials(String displayName) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new Created(
                UUID.randomUUID().toString(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                displayName,
                SecurityStore.now());
    }

    /**
     * Stores a principal with {@link #newCredentials} and, when {@code role} is set, assigns it.
     */
    void store(Created principal, String createdBy, Role role, Scope scope) {
        transaction.executeWithoutResult(
                status -> {
                    store.insertPrincipal(
                            new SecurityStore.PrincipalRow(
                                    principal.clientId(),
                                    principal.displayName(),
                                    encoder.encode(principal.clientSecret()),
                                    createdBy,
                                    principal.createdAt()));
                    if (role != null) {
                        store.putAssignment(
                                new RoleAssignment(
                                        UUID.randomUUID().toString(),
                                        principal.clientId(),
                                        role,
                                        scope,
                                        createdBy,
                                        principal.createdAt()));
                    }
                });
    }

    Optional<SecurityStore.PrincipalRow> find(String clientId) {
        return store.findPrincipal(clientId);
    }

    List<SecurityStore.PrincipalRow> list() {
        return store.listPrincipals();
    }

    @Override
    public UserDetails loadUserByUsername(String clientId) {
        SecurityStore.PrincipalRow principal =
                store.findPrincipal(clientId)
                        .orElseThrow(() -> new UsernameNotFoundException("Unknown client"));
        return User.withUsername(principal.clientId())
                .password(principal.secretHash())
                .authorities(List.of())
                .build();
    }
}
