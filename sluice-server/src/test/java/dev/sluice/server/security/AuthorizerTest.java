package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

    private static final String RG = "/subscriptions/s1/resourceGroups/rg1";
    private static final String POOL = RG + "/providers/Microsoft.HDInsight/clusterpools/p1";
    private static final String CLUSTER = POOL + "/clusters/c1";
    private static final String OTHER_CLUSTER = POOL + "/clusters/c2";

    /** The assignments the fake store holds; every test adds what it needs. */
    private final List<RoleAssignment> assignments = new ArrayList<>();

    private final List<String> lookedUp = new ArrayList<>();

    private final Authorizer authorizer =
            new Authorizer(
                    principal -> {
                        lookedUp.add(principal);
                        return assignments.stream()
                                .filter(a -> a.principalId().equals(principal))
                                .toList();
                    });

    private void assign(String principal, Role role, String scope) {
        assignments.add(
                new RoleAssignment(
                        "a" + assignments.size(),
                        principal,
                        role,
                        Scope.parse(scope),
                        "test",
                        Instant.EPOCH));
    }

    @Test
    void nobodyHoldsAnythingWithoutAnAssignment() {
        assertThat(authorizer.allows("alice", Role.Reader, CLUSTER)).isFalse();
        assertThat(authorizer.scopes("alice", Role.Reader)).isEmpty();
        assertThat(lookedUp).containsOnly("alice");
    }

    @Test
    void higherRolesIncludeLowerOnes() {
        assign("owner", Role.Owner, RG);
        assign("contributor", Role.Contributor, RG);
        assign("reader", Role.Reader, RG);

        for (Role needed : Role.values()) {
            assertThat(authorizer.allows("owner", needed, CLUSTER)).as("owner %s", needed).isTrue();
        }
        assertThat(authorizer.allows("contributor", Role.Reader, CLUSTER)).isTrue();
        assertThat(authorizer.allows("contributor", Role.Contributor, CLUSTER)).isTrue();
        assertThat(authorizer.allows("contributor", Role.Owner, CLUSTER)).isFalse();
        assertThat(authorizer.allows("reader", Role.Reader, CLUSTER)).isTrue();
        assertThat(authorizer.allows("reader", Role.Contributor, CLUSTER)).isFalse();
    }

    @Test
    void aRoleAppliesBelowItsScopeOnly() {
        assign("alice", Role.Contributor, CLUSTER);

        assertThat(authorizer.allows("alice", Role.Contributor, CLUSTER + "/runJob")).isTrue();
        assertThat(authorizer.allows("alice", Role.Reader, CLUSTER + "/jobs/j")).isTrue();
        assertThat(authorizer.allows("alice", Role.Reader, OTHER_CLUSTER)).isFalse();
        assertThat(authorizer.allows("alice", Role.Reader, POOL)).isFalse();
        assertThat(authorizer.allows("alice", Role.Reader, POOL + "/clusters")).isFalse();
        assertThat(authorizer.allows("alice", Role.Reader, CLUSTER + "2")).isFalse();
    }

    @Test
    void assignmentsOfOtherPrincipalsDoNotCount() {
        assign("bob", Role.Owner, "/");

        assertThat(authorizer.allows("alice", Role.Reader, CLUSTER)).isFalse();
        assertThat(authorizer.allows("Bob", Role.Reader, CLUSTER)).as("ids are exact").isFalse();
    }

    @Test
    void theStrongestMatchingAssignmentWins() {
        assign("alice", Role.Reader, "/");
        assign("alice", Role.Owner, POOL);

        assertThat(authorizer.allows("alice", Role.Owner, CLUSTER)).isTrue();
        assertThat(authorizer.allows("alice", Role.Contributor, OTHER_CLUSTER)).isTrue();
        assertThat(authorizer.allows("alice", Role.Contributor, RG)).isFalse();
        assertThat(authorizer.allows("alice", Role.Reader, "/subscriptions/s9")).isTrue();
    }

    @Test
    void ownershipOfAScopeCoversItsNarrowerScopes() {
        assign("alice", Role.Owner, POOL);

        assertThat(authorizer.allows("alice", Role.Owner, Scope.parse(CLUSTER))).isTrue();
        assertThat(authorizer.allows("alice", Role.Owner, Scope.parse(POOL))).isTrue();
        assertThat(authorizer.allows("alice", Role.Owner, Scope.parse(RG))).isFalse();
        assertThat(authorizer.allows("alice", Role.Owner, Scope.ROOT)).isFalse();
        assertThat(authorizer.scopes("alice", Role.Owner))
                .extracting(Scope::value)
                .containsExactly(POOL);
        assertThat(authorizer.scopes("alice", Role.Reader)).hasSize(1);
    }

    @Test
    void rolesAreNamedInAnyLetterCase() {
        assertThat(Role.named("owner")).contains(Role.Owner);
        assertThat(Role.named("CONTRIBUTOR")).contains(Role.Contributor);
        assertThat(Role.named("Reader")).contains(Role.Reader);
        assertThat(Role.named("Admin")).isEmpty();
        assertThat(Role.named(null)).isEmpty();
    }
}
