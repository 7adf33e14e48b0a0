package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

class ArmAuthorizationTest {

    private static final String POOL =
            "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/p1";
    private static final String CLUSTER = POOL + "/clusters/c1";
    private static final String OPERATIONS =
            "/subscriptions/s1/providers/Microsoft.HDInsight/locations/local/operationStatuses/";

    private final List<RoleAssignment> assignments = new ArrayList<>();
    private final Map<String, String> operations = new HashMap<>();
    private final ArmAuthorization authorization =
            new ArmAuthorization(
                    new Authorizer(
                            principal ->
                                    assignments.stream()
                                            .filter(a -> a.principalId().equals(principal))
                                            .toList()),
                    id -> Optional.ofNullable(operations.get(id)));

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

    private static Authentication user(String name) {
        return new TestingAuthenticationToken(name, null, List.of());
    }

    private static final Authentication ANONYMOUS =
            new AnonymousAuthenticationToken(
                    "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private boolean allowed(Authentication who, String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        return authorization
                .authorize(() -> who, new RequestAuthorizationContext(request))
                .isGranted();
    }

    @Test
    void openPathsAnswerAnyone() {
        for (String path :
                List.of(
                        "/actuator/health",
                        "/oauth2/token",
                        "/oauth2/jwks",
                        "/.well-known/openid-configuration")) {
            assertThat(allowed(ANONYMOUS, "GET", path)).as(path).isTrue();
        }
    }

    @Test
    void everythingElseNeedsAPrincipal() {
        assertThat(allowed(ANONYMOUS, "GET", "/actuator/env")).isFalse();
        assertThat(allowed(ANONYMOUS, "GET", POOL)).isFalse();
        assertThat(allowed(ANONYMOUS, "GET", "/providers/Sluice.Security/roleAssignments"))
                .isFalse();
        assertThat(allowed(user("nobody"), "GET", "/actuator/env")).isTrue();
        assertThat(allowed(user("nobody"), "GET", POOL)).isFalse();
    }

    @Test
    void resourcePathsNeedTheRoleOverThePath() {
        assign("reader", Role.Reader, POOL);
        assign("contributor", Role.Contributor, CLUSTER);

        assertThat(allowed(user("reader"), "GET", CLUSTER + "/jobs")).isTrue();
        assertThat(allowed(user("reader"), "POST", CLUSTER + "/runJob")).isFalse();
        assertThat(allowed(user("contributor"), "POST", CLUSTER + "/runJob")).isTrue();
        assertThat(allowed(user("contributor"), "PUT", CLUSTER + "/jars/a.jar")).isTrue();
        assertThat(allowed(user("contributor"), "DELETE", CLUSTER)).isFalse();
        assertThat(allowed(user("contributor"), "GET", POOL)).isFalse();
        // Spring MVC routes any letter case and decodes; so does the check.
        assertThat(allowed(user("reader"), "GET", CLUSTER.toUpperCase())).isTrue();
        assertThat(
                        allowed(
                                user("contributor"),
                                "POST",
                                CLUSTER.replace("c1", "%63%31") + "/runJob"))
                .isTrue();
        assertThat(allowed(user("contributor"), "POST", POOL + "/clusters/c10/runJob")).isFalse();
    }

    @Test
    void anOperationIsPolledWithTheRoleOverItsResource() {
        assign("reader", Role.Reader, CLUSTER);
        operations.put("op1", CLUSTER.toLowerCase());
        operations.put("op2", POOL.toLowerCase() + "/clusters/c2");

        assertThat(allowed(user("reader"), "GET", OPERATIONS + "op1")).isTrue();
        assertThat(allowed(user("reader"), "GET", OPERATIONS + "op2")).isFalse();
        assertThat(allowed(user("reader"), "GET", OPERATIONS + "unknown")).isFalse();
    }

    @Test
    void theSecurityApiNeedsOwnership() {
        assign("root", Role.Owner, "/");
        assign("poolOwner", Role.Owner, POOL);
        assign("reader", Role.Reader, "/");
        String api = "/providers/Sluice.Security";

        assertThat(allowed(user("root"), "POST", api + "/principals")).isTrue();
        assertThat(allowed(user("poolOwner"), "GET", api + "/principals")).isFalse();
        assertThat(allowed(user("reader"), "GET", api + "/PRINCIPALS")).isFalse();
        assertThat(allowed(user("poolOwner"), "PUT", api + "/roleAssignments/x")).isTrue();
        assertThat(allowed(user("reader"), "PUT", api + "/roleAssignments/x")).isFalse();
        assertThat(allowed(user("reader"), "GET", api + "/roleAssignments")).isTrue();
        assertThat(allowed(user("poolOwner"), "GET", api + "/auditLogs")).isTrue();
        assertThat(allowed(user("reader"), "GET", api + "/auditlogs")).isFalse();
    }

    @Test
    void browserPathsInAnotherLetterCaseAreRefused() {
        assign("root", Role.Owner, "/");

        assertThat(allowed(user("root"), "GET", "/PORTAL/pools")).isFalse();
        assertThat(allowed(user("root"), "POST", "/Login")).isFalse();
    }
}
