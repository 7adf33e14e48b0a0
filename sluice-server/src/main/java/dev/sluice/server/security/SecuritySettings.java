package dev.sluice.server.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code sluice.security.*}).
 *
 * @param tokenLifetime how long a token of the built-in issuer is valid
 * @param issuer the built-in issuer's URL ({@code iss} of its tokens, base of its discovery
 *     document); by default {@code http://127.0.0.1:<port>}. Set it to the URL clients use when the
 *     server is reached by another name.
 * @param issuers external issuers whose tokens are accepted too (Entra ID, Keycloak, ...)
 */
@ConfigurationProperties("sluice.security")
public record SecuritySettings(
        @DefaultValue("1h") Duration tokenLifetime, String issuer, List<ExternalIssuer> issuers) {

    public SecuritySettings {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("sluice.security.token-lifetime must be positive");
        }
    }

    /**
     * An external token issuer.
     *
     * @param issuer the exact {@code iss} of its tokens
     * @param jwkSetUri where its signing keys are published
     * @param principalClaim the claim naming the principal that role assignments refer to, e.g.
     *     {@code sub}, {@code oid} (Entra ID) or {@code azp}
     * @param audience when set, tokens must carry it in {@code aud}
     * @param algorithms accepted JWS algorithms; RS256 when empty
     */
    public record ExternalIssuer(
            String issuer,
            URI jwkSetUri,
            @DefaultValue("sub") String principalClaim,
            String audience,
            List<String> algorithms) {

        public ExternalIssuer {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("sluice.security.issuers[].issuer is required");
            }
            if (jwkSetUri == null) {
                throw new IllegalArgumentException(
                        "sluice.security.issuers[].jwk-set-uri is required for " + issuer);
            }
            principalClaim =
                    principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim;
            algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256") : algorithms;
        }
    }
}
