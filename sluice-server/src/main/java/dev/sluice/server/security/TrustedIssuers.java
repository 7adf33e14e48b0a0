package dev.sluice.server.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.client.RestTemplate;

/**
 * The issuers whose tokens are accepted, by {@code iss}: the built-in one (its public key, known
 * locally) and each configured external one (keys fetched from its JWK set URI and cached). A token
 * of any other issuer finds no manager here and is refused.
 */
final class TrustedIssuers implements AuthenticationManagerResolver<String> {

    private static final Duration JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(10);

    private final TokenIssuer builtIn;
    private final SigningKey key;
    private final Predicate<String> principalExists;
    private final Map<String, AuthenticationManager> external;
    private volatile AuthenticationManager builtInManager;

    /**
     * @param principalExists whether a built-in principal (client id) still exists: deleting a
     *     principal revokes the tokens it was issued at once, not when they expire
     */
    TrustedIssuers(
            TokenIssuer builtIn,
            SigningKey key,
            Predicate<String> principalExists,
            List<SecuritySettings.ExternalIssuer> issuers) {
        this.builtIn = builtIn;
        this.key = key;
        this.principalExists = principalExists;
        this.external =
                issuers.stream()
                        .collect(
                                Collectors.toUnmodifiableMap(
                                        SecuritySettings.ExternalIssuer::issuer,
                                        TrustedIssuers::externalManager));
    }

    @Override
    public AuthenticationManager resolve(String issuer) {
        if (issuer.equals(builtIn.issuer())) {
            return builtInManager();
        }
        return external.get(issuer);
    }

    private AuthenticationManager builtInManager() {
        AuthenticationManager manager = builtInManager;
        if (manager == null) {
            // Built on first use: the issuer URL (hence the validator) needs the server's port.
            String issuer = builtIn.issuer();
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withPublicKey(key.publicKey())
                            .signatureAlgorithm(SignatureAlgorithm.RS256)
                            .build();
            OAuth2TokenValidator<Jwt> validator =
                    new DelegatingOAuth2TokenValidator<>(
                            JwtValidators.createDefaultWithIssuer(issuer),
                            audience(issuer),
                            this::principalStillExists);
            decoder.setJwtValidator(validator);
            manager =
                    builtInManager =
                            manager(
                                    new VerifiedTokens(decoder, validator, Clock.systemUTC()),
                                    "sub");
        }
        return manager;
    }

    private static AuthenticationManager externalManager(SecuritySettings.ExternalIssuer issuer) {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(JWKS_CONNECT_TIMEOUT);
        http.setReadTimeout(JWKS_READ_TIMEOUT);
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withJwkSetUri(issuer.jwkSetUri().toString())
                        .restOperations(new RestTemplate(http))
                        .jwsAlgorithms(
                                algorithms ->
                                        issuer.algorithms().stream()
                                                .map(TrustedIssuers::algorithm)
                                                .forEach(algorithms::add))
                        .build();
        OAuth2TokenValidator<Jwt> validator =
                JwtValidators.createDefaultWithIssuer(issuer.issuer());
        if (issuer.audience() != null && !issuer.audience().isBlank()) {
            validator =
                    new DelegatingOAuth2TokenValidator<>(validator, audience(issuer.audience()));
        }
        decoder.setJwtValidator(validator);
        return manager(decoder, issuer.principalClaim());
    }

    private OAuth2TokenValidatorResult principalStillExists(Jwt jwt) {
        String subject = jwt.getSubject();
        return subject != null && principalExists.test(subject)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                        new OAuth2Error(
                                OAuth2ErrorCodes.INVALID_TOKEN,
                                "The token's principal no longer exists",
                                null));
    }

    private static SignatureAlgorithm algorithm(String name) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
        if (algorithm == null) {
            throw new IllegalArgumentException(
                    "sluice.security.issuers[].algorithms: unknown JWS algorithm " + name);
        }
        return algorithm;
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience));
    }

    private static AuthenticationManager manager(JwtDecoder decoder, String claim) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(new PrincipalClaim(claim));
        return new ProviderManager(provider);
    }
}
