package dev.sluice.server.security;

import dev.sluice.server.security.ArmRequests.Requirement;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The API's access rule for every path, decided here rather than by path matchers because ARM paths
 * are case-insensitive: open paths answer anyone; an ARM resource path needs the role {@link
 * ArmRequests} names over it; the security API needs Owner somewhere (its handlers check the exact
 * scope); anything else needs a valid token.
 */
final class ArmAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    private final Authorizer authorizer;
    private final Function<String, Optional<String>> operationResource;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    /**
     * @param operationResource the resource id of a pool or cluster operation, by operation id
     */
    ArmAuthorization(Authorizer authorizer, Function<String, Optional<String>> operationResource) {
        this.authorizer = authorizer;
        this.operationResource = operationResource;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        List<String> segments;
        try {
            segments = ArmRequests.segments(rawPath);
        } catch (IllegalArgumentException badEncoding) {
            return DENIED;
        }
        ArmRequests.Kind kind = ArmRequests.kind(rawPath, segments);
        if (kind == ArmRequests.Kind.OPEN) {
            return GRANTED;
        }
        if (kind == ArmRequests.Kind.MISCASED_BROWSER) {
            return DENIED;
        }
        Authentication caller = authentication.get();
        if (caller == null || !trust.isFullyAuthenticated(caller)) {
            return DENIED;
        }
        String principal = caller.getName();
        if (kind == ArmRequests.Kind.RESOURCE) {
            Requirement needed = ArmRequests.requirement(request.getMethod(), segments);
            Optional<String> operation = ArmRequests.locationOperation(segments);
            if (operation.isPresent()) {
                needed =
                        new Requirement(
                                needed.role(),
                                operationResource.apply(operation.get()).orElse(needed.path()));
            }
            request.setAttribute(SecurityErrors.NEEDED, needed.describe());
            return new AuthorizationDecision(
                    authorizer.allows(principal, needed.role(), needed.path()));
        }
        if (isSecurityApi(segments)) {
            return securityApi(request, segments, principal);
        }
        return GRANTED;
    }

    /**
     * Principals need Owner at {@code /}; changing role assignments and reading the audit log need
     * Owner at some scope (the handler checks which); anyone may list what they can see.
     */
    private AuthorizationResult securityApi(
            HttpServletRequest request, List<String> segments, String principal) {
        String collection = segments.size() > 2 ? segments.get(2).toLowerCase(Locale.ROOT) : "";
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (collection.equals("principals")) {
            request.setAttribute(
                    SecurityErrors.NEEDED, new Requirement(Role.Owner, "/").describe());
            return new AuthorizationDecision(authorizer.allows(principal, Role.Owner, Scope.ROOT));
        }
        if (collection.equals("auditlogs") || (collection.equals("roleassignments") && !read)) {
            request.setAttribute(SecurityErrors.NEEDED, "Owner at any scope");
            return new AuthorizationDecision(!authorizer.scopes(principal, Role.Owner).isEmpty());
        }
        return GRANTED;
    }

    private static boolean isSecurityApi(List<String> segments) {
        return segments.size() >= 2
                && segments.get(0).equalsIgnoreCase("providers")
                && segments.get(1).equalsIgnoreCase("Sluice.Security");
    }
}
