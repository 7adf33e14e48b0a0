package dev.sluice.server.security;

import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Names the caller of a validated token by one claim ({@code sub} for the built-in issuer, the
 * configured claim for an external one): that name is what role assignments, the audit log and the
 * job actions' history refer to. Roles are not in the token; they are looked up per call.
 */
final class PrincipalClaim implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String claim;

    PrincipalClaim(String claim) {
        this.claim = claim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.getClaimAsString(claim);
        if (name == null || name.isBlank()) {
            throw new InvalidBearerTokenException("The token has no '" + claim + "' claim");
        }
        return new JwtAuthenticationToken(jwt, List.of(), name);
    }
}
