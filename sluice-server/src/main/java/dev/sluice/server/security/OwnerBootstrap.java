package dev.sluice.server.security;

import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.storage.PrivateFiles;
import dev.sluice.server.store.Lease;
import dev.sluice.server.store.Leases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * Servers sharing a database do this under the {@code bootstrap:owner} lease, one at a time, so
 * however many start at once exactly one Owner is created (its file on that server's data dir).
 */
@Component
class OwnerBootstrap {

    static final String FILE_NAME = "owner-credentials.json";
    private static final String LEASE = "bootstrap:owner";
    private static final Duration LEASE_WAIT = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(OwnerBootstrap.class);

    private final SecurityStore store;
    private final Principals principals;
    private final TokenIssuer issuer;
    private final JsonMapper json;
    private final Path file;
    private final Leases leases;

    OwnerBootstrap(
            SecurityStore store,
            Principals principals,
            TokenIssuer issuer,
            JsonMapper json,
            SluiceProperties properties,
            Leases leases) {
        this.leases = leases;
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
        Lease lease = claim();
        try {
            // Fenced: a server that stalled past the lease cannot create a second Owner.
            leases.fenced(lease, this::ensureOwnerNow);
        } finally {
            leases.release(lease);
        }
    }

    /** The bootstrap lease, waiting while another server holds it (it holds it for moments). */
    private Lease claim() {
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        while (true) {
            var lease = leases.claim(LEASE);
            if (lease.isPresent()) {
                return lease.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Another server holds " + LEASE + " for over " + LEASE_WAIT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + LEASE, e);
            }
        }
    }

    private void ensureOwnerNow() {
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
