package dev.sluice.server.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.api.ResourceList;
import dev.sluice.server.common.ApiException;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service principals of the built-in issuer ({@code /providers/Sluice.Security/principals}), for
 * Owners at {@code /} only. A new principal's secret is in the answer to its POST and nowhere else,
 * ever; a new principal holds no role until one is assigned.
 */
@RestController
@RequestMapping(ArmRequests.SECURITY_PROVIDER + "/principals")
class PrincipalController {

    private final Principals principals;
    private final RoleAssignments assignments;
    private final Authorizer authorizer;
    private final TokenIssuer issuer;

    PrincipalController(
            Principals principals,
            RoleAssignments assignments,
            Authorizer authorizer,
            TokenIssuer issuer) {
        this.principals = principals;
        this.assignments = assignments;
        this.authorizer = authorizer;
        this.issuer = issuer;
    }

    /** The body of a POST; everything optional. */
    record NewPrincipal(String displayName) {}

    /** A principal as listed: never its secret, nor the secret's hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PrincipalView(
            String clientId,
            String clientSecret,
            String tokenUrl,
            String displayName,
            String createdBy,
            String createdAt) {

        static PrincipalView of(SecurityStore.PrincipalRow row) {
            return new PrincipalView(
                    row.clientId(),
                    null,
                    null,
                    row.displayName(),
                    row.createdBy(),
                    row.createdAt().toString());
        }

        @Override
        public String toString() {
            return "PrincipalView[clientId=" + clientId + "]";
        }
    }

    @PostMapping
    ResponseEntity<PrincipalView> create(
            @RequestBody(required = false) NewPrincipal body, Principal caller) {
        requireRootOwner(caller);
        String displayName = body == null ? null : body.displayName();
        if (displayName != null && displayName.length() > 256) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "displayName is at most 256 characters",
                    "displayName");
        }
        Principals.Created created = principals.newCredentials(displayName);
        principals.store(created, caller.getName(), null, null);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(
                        new PrincipalView(
                                created.clientId(),
                                created.clientSecret(),
                                issuer.issuer() + TokenEndpoint.TOKEN,
                                displayName,
                                caller.getName(),
                                created.createdAt().toString()));
    }

    @GetMapping
    ResourceList<PrincipalView> list(Principal caller) {
        requireRootOwner(caller);
        return new ResourceList<>(principals.list().stream().map(PrincipalView::of).toList(), null);
    }

    @GetMapping("/{clientId}")
    PrincipalView get(@PathVariable String clientId, Principal caller) {
        requireRootOwner(caller);
        return principals
                .find(clientId)
                .map(PrincipalView::of)
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "PrincipalNotFound",
                                        "Principal '" + clientId + "' not found"));
    }

    /** 200 when deleted (with its role assignments), 204 when there was none. */
    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> delete(@PathVariable String clientId, Principal caller) {
        requireRootOwner(caller);
        boolean deleted = assignments.deletePrincipal(clientId);
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    private void requireRootOwner(Principal caller) {
        if (!authorizer.allows(caller.getName(), Role.Owner, Scope.ROOT)) {
            throw new ApiException(
                    403,
                    "AuthorizationFailed",
                    "Principal '"
                            + caller.getName()
                            + "' has no role assignment granting Owner over '/'");
        }
    }
}
