package dev.sluice.server.security;

import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The secure embedded default: while nobody is Owner at {@code /} (that is, on the first start),
 * creates an Owner principal at {@code /} and writes its credentials to {@code <data
 * dir>/owner-credentials.json}, readable by the server's user only. The log names the file, never
 * the secret. On later starts it keeps the file's {@code tokenUrl} current (the port may change).
 */
@Component
class OwnerBootstrap {

    static final String FILE_NAME = "owner-credentials.json";
    private static final Logger LOG = LoggerFactory.getLogger(OwnerBootstrap.class);

    private final SecurityStore store;
    private final Principals principals;
    private final TokenIssuer issuer;
    private final JsonMapper json;
    private final Path file;

    OwnerBootstrap(
            SecurityStore store,
            Principals principals,
            TokenIssuer issuer,
            JsonMapper json,
            SluiceProperties properties) {
        this.store = store;
        this.principals = principals;
        this.issuer = issuer;
        this.json = json;
        this.file = properties.dataDir().resolve(FILE_NAME).toAbsolutePath().normalize();
    }

    /** The Owner's credentials file, whether or not it exists. */
    Path file() {
        return file;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureOwner() {
        if (!store.rootOwners().isEmpty()) {
            refreshTokenUrl();
            return;
        }
        Principals.Created owner = principals.newCredentials("Owner (created on first start)");
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("clientId", owner.clientId());
        credentials.put("clientSecret", owner.clientSecret());
        credentials.put("tokenUrl", issuer.localBase() + TokenEndpoint.TOKEN);
        // The file first: an Owner whose secret nobody has would be of no use.
        try {
            PrivateFiles.write(
                    file,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(credentials) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Owner's credentials to " + file, e);
        }
        principals.store(owner, "sluice", Role.Owner, Scope.ROOT);
        LOG.info(
                "Created the Owner principal {} (Owner at '/'); its client id and secret are in {},"
                        + " readable by this user only. Get a token: POST {} with"
                        + " grant_type=client_credentials",
                owner.clientId(),
                file,
                TokenEndpoint.TOKEN);
    }

    /** Rewrites the file's {@code tokenUrl} when this start listens on another port. */
    private void refreshTokenUrl() {
        if (!PrivateFiles.exists(file)) {
            return;
        }
        String tokenUrl = issuer.localBase() + TokenEndpoint.TOKEN;
        try {
            JsonNode read = json.readTree(file.toFile());
            if (!(read instanceof ObjectNode credentials)
                    || tokenUrl.equals(credentials.path("tokenUrl").asString(""))) {
                return;
            }
            credentials.put("tokenUrl", tokenUrl);
            PrivateFiles.write(
                    file,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(credentials) + "\n");
            LOG.info("Updated the tokenUrl in {} to {}", file, tokenUrl);
        } catch (IOException | JacksonException e) {
            // The credentials still work; only the hint of where to use them is stale.
            LOG.warn("Cannot update the tokenUrl in {}: {}", file, e.getMessage());
        }
    }
}
