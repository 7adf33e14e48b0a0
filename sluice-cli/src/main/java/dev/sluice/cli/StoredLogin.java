package dev.sluice.cli;

import dev.sluice.client.AccessToken;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code sluice login} keeps in the user's config dir: the server, and what renews its token
 * (the client-credentials grant has no refresh token, so the client secret itself), plus the token
 * last issued. The file is readable by its owner only.
 *
 * @param server the server's base URL
 * @param tokenUrl where tokens come from
 * @param clientId the client id
 * @param clientSecret the client secret
 * @param accessToken the last token, or null
 * @param expiresAt when it expires (ISO-8601), or null
 * @param caFile a PEM file of CA certificates trusted for this server besides the JDK's, or null
 */
record StoredLogin(
        String server,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String accessToken,
        String expiresAt,
        String caFile) {

    static final String FILE_NAME = "login.json";

    private static final JsonMapper JSON =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    StoredLogin(
            String server,
            String tokenUrl,
            String clientId,
            String clientSecret,
            String accessToken,
            String expiresAt) {
        this(server, tokenUrl, clientId, clientSecret, accessToken, expiresAt, null);
    }

    static Path file(CliEnvironment env) {
        return env.configDir().resolve(FILE_NAME);
    }

    /** The stored login, or null when there is none or it cannot be read. */
    static StoredLogin read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), StoredLogin.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The cached token, or null. */
    AccessToken token() {
        if (accessToken == null || expiresAt == null) {
            return null;
        }
        try {
            return new AccessToken(accessToken, Instant.parse(expiresAt));
        } catch (RuntimeException e) {
            return null;
        }
    }

    StoredLogin withToken(AccessToken token) {
        return new StoredLogin(
                server,
                tokenUrl,
                clientId,
                clientSecret,
                token == null ? null : token.value(),
                token == null ? null : token.expiresAt().toString(),
                caFile);
    }

    /** Writes the login with mode 0600 (its directory 0700), replacing any earlier one at once. */
    void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        // The secret must never sit in a file others can read, not even for a moment.
        Path temp =
                posix
                        ? Files.createTempFile(
                                dir,
                                ".login",
                                ".tmp",
                                PosixFilePermissions.asFileAttribute(
                                        PosixFilePermissions.fromString("rw-------")))
                        : Files.createTempFile(dir, ".login", ".tmp");
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            try {
                Files.move(
                        temp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String toString() {
        return "StoredLogin[server="
                + server
                + ", clientId="
                + clientId
                + ", caFile="
                + caFile
                + "]";
    }
}
