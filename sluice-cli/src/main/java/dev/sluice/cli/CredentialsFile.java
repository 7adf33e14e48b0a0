package dev.sluice.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client's credentials as the server writes the Owner's ({@code <data
 * dir>/owner-credentials.json}): client id, secret and the token URL that issues its tokens.
 *
 * @param clientId the client id
 * @param clientSecret the client secret
 * @param tokenUrl the token URL
 */
record CredentialsFile(String clientId, String clientSecret, String tokenUrl) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN_PATH = "/oauth2/token";

    /**
     * Reads the file.
     *
     * @throws CliFailure when it cannot be read or lacks a field
     */
    static CredentialsFile read(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(
                    "Cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        CredentialsFile credentials =
                new CredentialsFile(
                        json.path("clientId").asString(null),
                        json.path("clientSecret").asString(null),
                        json.path("tokenUrl").asString(null));
        if (credentials.clientId() == null
                || credentials.clientSecret() == null
                || credentials.tokenUrl() == null) {
            throw new CliFailure(file + " must hold clientId, clientSecret and tokenUrl");
        }
        return credentials;
    }

    /** The server whose token URL this is: the URL before {@code /oauth2/token}, or its origin. */
    String server() {
        String url = SluiceCommand.trimSlash(tokenUrl);
        if (url.endsWith(TOKEN_PATH)) {
            return url.substring(0, url.length() - TOKEN_PATH.length());
        }
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public String toString() {
        return "CredentialsFile[clientId=" + clientId + ", tokenUrl=" + tokenUrl + "]";
    }
}
