package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {

    private final Set<String> principals = new HashSet<>(Set.of("alice"));
    private final OAuth2TokenValidator<Jwt> validator =
            jwt ->
                    principals.contains(jwt.getSubject())
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(
                                    new OAuth2Error("invalid_token", "gone", null));
    private final AtomicInteger verifications = new AtomicInteger();

    /** Verifies "good-<subject>" tokens, counting each verification; refuses anything else. */
    private final JwtDecoder decoder =
            token -> {
                verifications.incrementAndGet();
                if (!token.startsWith("good-")) {
                    throw new BadJwtException("bad signature");
                }
                Jwt jwt =
                        Jwt.withTokenValue(token)
                                .header("alg", "RS256")
                                .subject(token.substring(5))
                                .build();
                OAuth2TokenValidatorResult result = validator.validate(jwt);
                if (result.hasErrors()) {
                    throw new JwtValidationException("invalid", result.getErrors());
                }
                return jwt;
            };

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T00:00:00Z"));

    private final VerifiedTokens tokens = new VerifiedTokens(decoder, validator, clock);

    @Test
    void aTokenIsVerifiedOnceAndValidatedEveryTime() {
        assertThat(tokens.decode("good-alice").getSubject()).isEqualTo("alice");
        assertThat(tokens.decode("good-alice").getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);

        principals.remove("alice");
        assertThatThrownBy(() -> tokens.decode("good-alice"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessage("An error occurred while attempting to decode the Jwt: gone");
    }

    @Test
    void aBadTokenIsNeverKept() {
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aKeptTokenIsVerifiedAgainAfterAWhile() {
        tokens.decode("good-alice");
        clock.advance(Duration.ofMinutes(6));
        tokens.decode("good-alice");
        assertThat(verifications).hasValue(2);
    }
}
