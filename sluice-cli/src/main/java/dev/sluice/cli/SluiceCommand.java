package dev.sluice.cli;

import dev.sluice.client.AccessToken;
import dev.sluice.client.ClientCredentials;
import dev.sluice.client.ClusterRef;
import dev.sluice.client.PoolRef;
import dev.sluice.client.SluiceClient;
import dev.sluice.client.TokenProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command: the options every command shares (which server, which cluster, how to
 * print), and the client they all use.
 */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceCli.Version.class,
        description = "Runs Flink jobs on Sluice: pools, clusters, jars and every job action.",
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            PoolCommand.class,
            ClusterCommand.class,
            JarCommand.class,
            JobCommand.class,
            CompletionCommand.class
        },
        footer = {
            "",
            "Defaults come from SLUICE_SERVER, SLUICE_SUBSCRIPTION, SLUICE_RESOURCE_GROUP,",
            "SLUICE_POOL, SLUICE_CLUSTER, SLUICE_OUTPUT, then the embedded default",
            "(local / default / local / session). SLUICE_TOKEN sends a fixed token;",
            "without a login, SLUICE_CREDENTIALS_FILE (a JSON file of clientId, clientSecret,",
            "tokenUrl) gets one for the run, and names the server. SLUICE_CA_FILE (or",
            "login --ca-file) is a PEM CA trusted besides the JDK's, for an https server",
            "with a self-signed certificate.",
            "",
            "Exit codes: 0 done, 1 the action failed or the server refused, 2 usage error.",
            "",
            "Example:",
            "  sluice login --credentials-file data/owner-credentials.json",
            "  sluice job list"
        })
final class SluiceCommand implements Callable<Integer> {

    static final String DEFAULT_SUBSCRIPTION = "local";
    static final String DEFAULT_RESOURCE_GROUP = "default";
    static final String DEFAULT_POOL = "local";
    static final String DEFAULT_CLUSTER = "session";

    @Spec CommandSpec spec;

    @Option(
            names = "--server",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description =
                    "Sluice's URL (default: $SLUICE_SERVER, the server of `login`, or"
                            + " http://127.0.0.1:$SLUICE_PORT (8080))")
    String server;

    @Option(
            names = {"-s", "--subscription"},
            scope = ScopeType.INHERIT,
            paramLabel = "ID",
            description = "Subscription (default: $SLUICE_SUBSCRIPTION or local)")
    String subscription;

    @Option(
            names = {"-g", "--resource-group"},
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Resource group (default: $SLUICE_RESOURCE_GROUP or default)")
    String resourceGroup;

    @Option(
            names = {"-p", "--pool"},
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Cluster pool (default: $SLUICE_POOL or local)")
    String pool;

    @Option(
            names = {"-c", "--cluster"},
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Cluster (default: $SLUICE_CLUSTER or session)")
    String cluster;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "table or json (default: $SLUICE_OUTPUT or table)")
    Printer.Format output;

    private final CliEnvironment env;
    private SluiceClient client;
    private ClientCredentials credentials;
    private StoredLogin login;

    SluiceCommand(CliEnvironment env) {
        this.env = env;
    }

    /** The root command of any command's spec. */
    static SluiceCommand of(CommandSpec spec) {
        return (SluiceCommand) spec.root().userObject();
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Name a command");
    }

    CliEnvironment env() {
        return env;
    }

    String subscription() {
        return pick(subscription, "SLUICE_SUBSCRIPTION", DEFAULT_SUBSCRIPTION);
    }

    String resourceGroup() {
        return pick(resourceGroup, "SLUICE_RESOURCE_GROUP", DEFAULT_RESOURCE_GROUP);
    }

    String poolName() {
        return pick(pool, "SLUICE_POOL", DEFAULT_POOL);
    }

    String clusterName() {
        return pick(cluster, "SLUICE_CLUSTER", DEFAULT_CLUSTER);
    }

    PoolRef poolRef() {
        return new PoolRef(subscription(), resourceGroup(), poolName());
    }

    ClusterRef clusterRef() {
        return poolRef().cluster(clusterName());
    }

    Printer printer() {
        Printer.Format format = output;
        if (format == null) {
            String fromEnv = env.variable("SLUICE_OUTPUT", "table");
            try {
                format = Printer.Format.valueOf(fromEnv.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "SLUICE_OUTPUT must be table or json, not " + fromEnv);
            }
        }
        return new Printer(env.out(), format);
    }

    ProgressLine progress() {
        return new ProgressLine(env.err(), env.tty());
    }

    /** The server's base URL, without a trailing slash. */
    String serverUrl() {
        String url = server;
        if (url == null || url.isBlank()) {
            url = env.variable("SLUICE_SERVER", null);
        }
        if (url == null) {
            StoredLogin stored = storedLogin();
            url =
                    stored != null && stored.server() != null
                            ? stored.server()
                            : credentialsFileServer();
        }
        if (url == null) {
            url = "http://127.0.0.1:" + env.variable("SLUICE_PORT", "8080");
        }
        return trimSlash(url.strip());
    }

    /**
     * The server of {@code SLUICE_CREDENTIALS_FILE} (as {@code ./sluice} sets it to the Owner's of
     * its data dir, whose token URL the server keeps current, https included), or null.
     */
    private String credentialsFileServer() {
        String file = env.variable("SLUICE_CREDENTIALS_FILE", null);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return null;
        }
        try {
            return CredentialsFile.read(Path.of(file)).server();
        } catch (CliFailure e) {
            return null;
        }
    }

    /** The client of {@link #serverUrl()}, with the token of `login` if it was for that server. */
    SluiceClient client() {
        if (client == null) {
            URI endpoint;
            try {
                endpoint = URI.create(serverUrl());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "--server is not a URL: " + serverUrl());
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--server must be an http(s) URL such as http://127.0.0.1:8080, not "
                                + serverUrl());
            }
            client =
                    SluiceClient.builder(endpoint).tokenProvider(tokens()).caFile(caFile()).build();
        }
        return client;
    }

    private TokenProvider tokens() {
        String fixed = env.variable("SLUICE_TOKEN", null);
        if (fixed != null) {
            return TokenProvider.of(fixed);
        }
        StoredLogin stored = storedLogin();
        if (stored != null
                && stored.server() != null
                && trimSlash(stored.server()).equals(serverUrl())) {
            credentials =
                    ClientCredentials.builder(
                                    URI.create(stored.tokenUrl()),
                                    stored.clientId(),
                                    stored.clientSecret())
                            .cachedToken(stored.token())
                            .caFile(caFile())
                            .build();
            return credentials;
        }
        String file = env.variable("SLUICE_CREDENTIALS_FILE", null);
        if (file != null && Files.isRegularFile(Path.of(file))) {
            // Without a login, a credentials file of this very server (as ./sluice points at the
            // Owner's of its data dir) gets a token for this run only.
            CredentialsFile given = CredentialsFile.read(Path.of(file));
            if (trimSlash(given.server()).equals(serverUrl())) {
                return ClientCredentials.builder(
                                URI.create(given.tokenUrl()),
                                given.clientId(),
                                given.clientSecret())
                        .caFile(caFile())
                        .build();
            }
        }
        return TokenProvider.none();
    }

    /**
     * The PEM file of CA certificates to trust besides the JDK's: {@code SLUICE_CA_FILE}, else the
     * one given to {@code login} for this very server; null for none.
     */
    Path caFile() {
        String fromEnv = env.variable("SLUICE_CA_FILE", null);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.strip());
        }
        StoredLogin stored = storedLogin();
        if (stored != null
                && stored.caFile() != null
                && stored.server() != null
                && trimSlash(stored.server()).equals(serverUrl())) {
            return Path.of(stored.caFile());
        }
        return null;
    }

    StoredLogin storedLogin() {
        if (login == null) {
            login = StoredLogin.read(StoredLogin.file(env));
        }
        return login;
    }

    /** Keeps a token that was renewed during this run for the next one. */
    void saveRenewedToken() {
        if (credentials == null || login == null) {
            return;
        }
        AccessToken now = credentials.currentToken().orElse(null);
        if (now == null || now.equals(login.token())) {
            return;
        }
        try {
            login = login.withToken(now);
            login.write(StoredLogin.file(env));
        } catch (IOException e) {
            env.err().println("sluice: could not keep the renewed token: " + e.getMessage());
        }
    }

    private String pick(String given, String variable, String fallback) {
        String value = given != null && !given.isBlank() ? given : env.variable(variable, fallback);
        return Objects.requireNonNull(value).strip();
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
