package dev.sluice.server.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The built-in issuer's OAuth 2 endpoints: the client-credentials token endpoint (credentials in
 * the form body or as HTTP Basic), its JWK set, and its OpenID discovery document. Errors use the
 * OAuth 2 error shape, not ARM's, as OAuth clients expect.
 */
@RestController
class TokenEndpoint {

    static final String TOKEN = "/oauth2/token";
    static final String JWKS = "/oauth2/jwks";
    static final String DISCOVERY = "/.well-known/openid-configuration";

    private final TokenIssuer issuer;
    private final SigningKey key;
    private final AuthenticationProvider clients;

    TokenEndpoint(
            TokenIssuer issuer, SigningKey key, Principals principals, PasswordEncoder encoder) {
        this.issuer = issuer;
        this.key = key;
        // Spring Security's own check of a user name and password, which also spends the same
        // time on an unknown client id as on a wrong secret.
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(principals);
        provider.setPasswordEncoder(encoder);
        this.clients = provider;
    }

    /** The token answer (RFC 6749 5.1). */
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn) {

        // Spring MVC logs what it writes at DEBUG: never the token.
        @Override
        public String toString() {
            return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
        }
    }

    @PostMapping(TOKEN)
    ResponseEntity<?> token(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null && query.contains("client_secret")) {
            return error(
                    400,
                    "invalid_request",
                    "Send client_secret in the form body or as HTTP Basic, never in the URL",
                    false);
        }
        String grantType = request.getParameter("grant_type");
        if (grantType == null || grantType.isBlank()) {
            return error(400, "invalid_request", "grant_type is required", false);
        }
        if (!grantType.equals("client_credentials")) {
            return error(
                    400,
                    "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported",
                    false);
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        String clientId = request.getParameter("client_id");
        String secret = request.getParameter("client_secret");
        if (basic) {
            if (secret != null) {
                return error(
                        400,
                        "invalid_request",
                        "Authenticate the client one way: HTTP Basic or client_secret, not both",
                        false);
            }
            String[] credentials = basicCredentials(header.substring(6).strip());
            if (credentials == null) {
                return error(401, "invalid_client", "Malformed HTTP Basic credentials", true);
            }
            if (clientId != null && !clientId.equals(credentials[0])) {
                return error(
                        400, "invalid_request", "client_id differs from the Basic user", false);
            }
            clientId = credentials[0];
            secret = credentials[1];
        }
        if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
            return error(401, "invalid_client", "client_id and client_secret are required", basic);
        }
        try {
            clients.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(clientId, secret));
        } catch (AuthenticationException refused) {
            return error(401, "invalid_client", "Unknown client or wrong secret", basic);
        }
        request.setAttribute(AuditFilter.PRINCIPAL, clientId);
        TokenIssuer.Issued token = issuer.issue(clientId);
        TokenResponse body =
                new TokenResponse(token.value(), "Bearer", token.expiresIn().toSeconds());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(body);
    }

    @GetMapping(JWKS)
    Map<String, Object> jwks() {
        return key.publicJwks().toJSONObject(true);
    }

    @GetMapping(DISCOVERY)
    Map<String, Object> discovery() {
        String base = issuer.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", base);
        document.put("token_endpoint", base + TOKEN);
        document.put("jwks_uri", base + JWKS);
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_post", "client_secret_basic"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        document.put(
                "claims_supported",
                List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id"));
        return document;
    }

    /** Id and secret of {@code Basic base64(urlencode(id):urlencode(secret))}, RFC 6749 2.3.1. */
    private static String[] basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return null;
        }
        try {
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, Object>> error(
            int status, String code, String description, boolean basic) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(status).cacheControl(CacheControl.noStore());
        if (status == 401 && basic) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sluice\"");
        }
        return response.body(Map.of("error", code, "error_description", description));
    }
}
