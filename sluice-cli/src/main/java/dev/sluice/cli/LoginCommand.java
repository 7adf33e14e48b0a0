package dev.sluice.cli;

import dev.sluice.client.AccessToken;
import dev.sluice.client.ClientCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice login}: gets a token with the client-credentials grant and keeps the login in the
 * user's config dir, so that later commands send (and renew) the token by themselves.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Logs in with a client id and secret; later commands use and renew the token.",
            "Uses the OAuth 2 client-credentials grant and keeps the login in",
            "$XDG_CONFIG_HOME/sluice/login.json (or ~/.config/sluice/login.json), mode 0600."
        },
        footer = {
            "",
            "Examples:",
            "  sluice login --credentials-file data/owner-credentials.json",
            "  SLUICE_CLIENT_SECRET=... sluice login --server https://sluice.example.com"
                    + " --client-id ci-bot",
            "  sluice login --credentials-file data/owner-credentials.json --ca-file"
                    + " data/tls/ca.pem"
        })
final class LoginCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source;

    @Option(
            names = "--ca-file",
            paramLabel = "FILE",
            description =
                    "A PEM file of CA certificates trusted for this server besides the JDK's,"
                            + " kept with the login (default: $SLUICE_CA_FILE), such as the"
                            + " <data dir>/tls/ca.pem of ./sluice up --tls")
    Path caFile;

    /** Where the credentials come from: a file, or the options (or their variables). */
    static final class Source {
        @Option(
                names = "--credentials-file",
                paramLabel = "FILE",
                description =
                        "A JSON file {clientId, clientSecret, tokenUrl}, such as the server's"
                                + " <data dir>/owner-credentials.json")
        Path credentialsFile;

        @ArgGroup(exclusive = false)
        Given given;
    }

    /** Credentials given one by one. */
    static final class Given {
        @Option(
                names = "--client-id",
                paramLabel = "ID",
                description = "The client id (default: $SLUICE_CLIENT_ID)")
        String clientId;

        @Option(
                names = "--client-secret",
                paramLabel = "SECRET",
                description =
                        "The client secret (default: $SLUICE_CLIENT_SECRET, which keeps it out of"
                                + " the process list)")
        String clientSecret;

        @Option(
                names = "--token-url",
                paramLabel = "URL",
                description = "The token URL (default: <server>/oauth2/token)")
        String tokenUrl;
    }

    @Override
    public Integer call() throws IOException {
        SluiceCommand root = SluiceCommand.of(spec);
        CredentialsFile credentials =
                source != null && source.credentialsFile != null
                        ? CredentialsFile.read(source.credentialsFile)
                        : fromOptions(root);
        String server = serverFor(root, credentials);
        URI tokenUrl = URI.create(credentials.tokenUrl());
        Path ca = caFile != null ? caFile.toAbsolutePath() : root.caFile();
        ClientCredentials tokens =
                ClientCredentials.builder(
                                tokenUrl, credentials.clientId(), credentials.clientSecret())
                        .caFile(ca)
                        .build();
        AccessToken token = tokens.fetch();
        StoredLogin login =
                new StoredLogin(
                                server,
                                tokenUrl.toString(),
                                credentials.clientId(),
                                credentials.clientSecret(),
                                null,
                                null,
                                ca == null ? null : ca.toAbsolutePath().toString())
                        .withToken(token);
        Path file = StoredLogin.file(root.env());
        login.write(file);
        root.env()
                .out()
                .println(
                        "Logged in to "
                                + server
                                + " as "
                                + credentials.clientId()
                                + "; token valid until "
                                + token.expiresAt()
                                + " (renewed as needed). Saved in "
                                + file);
        return SluiceCli.OK;
    }

    private CredentialsFile fromOptions(SluiceCommand root) {
        Given options = source == null || source.given == null ? new Given() : source.given;
        String id =
                options.clientId != null
                        ? options.clientId
                        : root.env().variable("SLUICE_CLIENT_ID", null);
        String secret =
                options.clientSecret != null
                        ? options.clientSecret
                        : root.env().variable("SLUICE_CLIENT_SECRET", null);
        if (id == null || secret == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Give --credentials-file, or --client-id and --client-secret (or"
                            + " SLUICE_CLIENT_ID and SLUICE_CLIENT_SECRET)");
        }
        String tokenUrl =
                options.tokenUrl != null ? options.tokenUrl : root.serverUrl() + "/oauth2/token";
        return new CredentialsFile(id, secret, tokenUrl);
    }

    /**
     * The server named on the command line or in SLUICE_SERVER; else the one the token URL belongs
     * to, since a credentials file names only that.
     */
    private static String serverFor(SluiceCommand root, CredentialsFile credentials) {
        if (root.server != null || root.env().variable("SLUICE_SERVER", null) != null) {
            return root.serverUrl();
        }
        return credentials.server();
    }
}
