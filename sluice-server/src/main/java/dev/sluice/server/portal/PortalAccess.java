package dev.sluice.server.portal;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.security.Authorizer;
import dev.sluice.server.security.Role;
import java.security.Principal;
import org.springframework.stereotype.Component;

/**
 * The API's role rules applied to the portal: the portal calls the services directly, so it asks
 * the {@link Authorizer} what the API's filter chain would ask for the same resource — Reader to
 * see, Contributor to run job actions and upload jars, Owner to create or delete pools and
 * clusters.
 */
@Component
class PortalAccess {

    private final Authorizer authorizer;

    PortalAccess(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    boolean allows(Principal principal, Role role, String armPath) {
        return principal != null && authorizer.allows(principal.getName(), role, armPath);
    }

    /**
     * @throws ApiException 403 {@code AuthorizationFailed}, as the API answers
     */
    void require(Principal principal, Role role, String armPath) {
        if (!allows(principal, role, armPath)) {
            throw new ApiException(
                    403,
                    "AuthorizationFailed",
                    "Principal '"
                            + PortalAdvice.name(principal)
                            + "' needs the role "
                            + role
                            + (role == Role.Owner ? "" : " (or higher)")
                            + " over '"
                            + armPath
                            + "'");
        }
    }
}
