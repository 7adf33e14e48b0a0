package dev.sluice.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.storage.PrivateFiles;
import dev.sluice.server.store.Columns;
import dev.sluice.server.store.ServerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The built-in issuer's RSA key pair: generated on the first start, then kept as a JWK in {@code
 * <data dir>/security/jwt-signing-key.json} (mode 0600), so tokens stay valid across restarts. On a
 * database servers share (PostgreSQL) it is kept in the {@code signing_keys} table instead, so a
 * token issued by one server is accepted by all.
 */
@Component
class SigningKey {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);
    private static final int KEY_BITS = 2048;

    private final RSAKey key;

    @Autowired
    SigningKey(SluiceProperties properties, ServerId server, JdbcClient jdbc) {
        this(
                server.sharedDatabase()
                        ? sharedKey(jdbc)
                        : inFile(
                                properties
                                        .dataDir()
                                        .resolve("security")
                                        .resolve("jwt-signing-key.json")));
    }

    /** The key kept in {@code file}, generated there when missing. */
    SigningKey(Path file) {
        this(inFile(file));
    }

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    private static RSAKey inFile(Path file) {
        try {
            return PrivateFiles.exists(file) ? load(file) : create(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the signing key " + file, e);
        }
    }

    /**
     * The key in the database, generated and inserted by whichever server gets there first: of
     * servers starting at once, one insert wins and the others read its key.
     */
    static SigningKey shared(JdbcClient jdbc) {
        return new SigningKey(sharedKey(jdbc));
    }

    private static RSAKey sharedKey(JdbcClient jdbc) {
        Optional<RSAKey> stored = readShared(jdbc);
        if (stored.isPresent()) {
            return stored.get();
        }
        RSAKey generated = generate();
        try {
            jdbc.sql(
                            "INSERT INTO signing_keys (id, jwk, created_at) VALUES ('jwt', :jwk,"
                                    + " :createdAt)")
                    .param("jwk", generated.toJSONString())
                    .param("createdAt", Columns.timestamp(Columns.now()))
                    .update();
            LOG.info("Generated the shared token signing key {}", generated.getKeyID());
            return generated;
        } catch (DuplicateKeyException e) {
            return readShared(jdbc).orElseThrow(() -> e);
        }
    }

    private static Optional<RSAKey> readShared(JdbcClient jdbc) {
        return jdbc.sql("SELECT jwk FROM signing_keys WHERE id = 'jwt'")
                .query(String.class)
                .optional()
                .map(
                        text -> {
                            try {
                                return RSAKey.parse(text);
                            } catch (ParseException e) {
                                // Never include the text: it is the private key.
                                throw new IllegalStateException(
                                        "The shared signing key is not an RSA JWK");
                            }
                        });
    }

    private static RSAKey load(Path file) throws IOException {
        if (PrivateFiles.restrict(file)) {
            LOG.warn("The signing key {} was readable by others; narrowed it to mode 0600", file);
        }
        try {
            return RSAKey.parse(PrivateFiles.read(file));
        } catch (ParseException e) {
            // Never include the file's content: it is the private key.
            throw new IllegalStateException(
                    "The signing key "
                            + file
                            + " is not an RSA JWK; remove it to generate a new one"
                            + " (tokens issued so far become invalid)",
                    e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(KEY_BITS)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }

    private static RSAKey create(Path file) throws IOException {
        RSAKey generated = generate();
        PrivateFiles.write(file, generated.toJSONString());
        LOG.info("Generated the token signing key {} in {}", generated.getKeyID(), file);
        return generated;
    }

    /** The key pair, for signing. */
    RSAKey key() {
        return key;
    }

    RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("The signing key has no usable public key", e);
        }
    }

    /** The public key as a JWK set, as {@code /oauth2/jwks} publishes it. */
    JWKSet publicJwks() {
        return new JWKSet(key.toPublicJWK());
    }
}
