package dev.sluice.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.sluice.server.tls.ServerScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * The built-in token issuer: signs RS256 access tokens for service principals. Its URL is known
 * once the web server has its port, unless {@code sluice.security.issuer} sets it.
 */
@Component
class TokenIssuer implements ApplicationListener<WebServerInitializedEvent> {

    /** An access token and how long it is valid. */
    record Issued(String value, Duration expiresIn) {

        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + "]";
        }
    }

    private final SigningKey key;
    private final SecuritySettings settings;
    private final NimbusJwtEncoder encoder;
    private final ServerScheme scheme;
    private volatile int port;

    TokenIssuer(SigningKey key, SecuritySettings settings, ServerScheme scheme) {
        this.key = key;
        this.settings = settings;
        this.scheme = scheme;
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.key())));
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server, if it ever gets a port of its own, is not where tokens are.
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    /** The issuer URL, without a trailing slash. */
    String issuer() {
        String configured = settings.issuer();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/")
                    ? configured.substring(0, configured.length() - 1)
                    : configured;
        }
        return localBase();
    }

    /** {@code http(s)://127.0.0.1:<port>}: where this machine reaches the server. */
    String localBase() {
        if (port <= 0) {
            throw new IllegalStateException("The web server has no port yet");
        }
        return scheme.scheme() + "://127.0.0.1:" + port;
    }

    /** A signed access token naming {@code clientId} as subject. */
    Issued issue(String clientId) {
        Instant now = Instant.now();
        Duration lifetime = settings.tokenLifetime();
        String issuer = issuer();
        JwtClaimsSet claims =
                JwtClaimsSet.builder()
                        .issuer(issuer)
                        .subject(clientId)
                        .audience(List.of(issuer))
                        .issuedAt(now)
                        .notBefore(now)
                        .expiresAt(now.plus(lifetime))
                        .id(UUID.randomUUID().toString())
                        .claim("client_id", clientId)
                        .build();
        JwsHeader header =
                JwsHeader.with(SignatureAlgorithm.RS256)
                        .keyId(key.key().getKeyID())
                        .type("JWT")
                        .build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Issued(token, lifetime);
    }
}
