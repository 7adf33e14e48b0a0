package dev.sluice.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A decoder that parses and verifies the signature of each token once: a client sends the same
 * token with every call for its hour, and verifying RS256 and converting the claims was the largest
 * part of a small API call's CPU. The validators (expiry, issuer, audience, principal still
 * existing) still run on every call, so a deleted principal or an expired token is refused at once.
 */
final class VerifiedTokens implements JwtDecoder {

    /** Past this many tokens the cache starts over; tokens are few (one per client per hour). */
    private static final int MAX_TOKENS = 10_000;

    /** A verified token is trusted without a new signature check for this long at most. */
    private static final Duration KEPT_FOR = Duration.ofMinutes(5);

    private record Verified(Jwt jwt, Instant until) {}

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** {@code decoder} verifies and validates; {@code validator} is the one it was given. */
    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, Clock clock) {
        this.decoder = decoder;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            throw new BadJwtException("No token");
        }
        Verified known = verified.get(token);
        if (known != null && clock.instant().isBefore(known.until())) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                verified.remove(token);
                throw new JwtValidationException(message(result), result.getErrors());
            }
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token); // verifies the signature and runs the validators
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, clock.instant().plus(KEPT_FOR)));
        return jwt;
    }

    /** The message NimbusJwtDecoder gives the same failure, so the 401 reads the same. */
    private static String message(OAuth2TokenValidatorResult result) {
        for (OAuth2Error error : result.getErrors()) {
            if (error.getDescription() != null && !error.getDescription().isEmpty()) {
                return "An error occurred while attempting to decode the Jwt: "
                        + error.getDescription();
            }
        }
        return "Unable to validate Jwt";
    }
}
