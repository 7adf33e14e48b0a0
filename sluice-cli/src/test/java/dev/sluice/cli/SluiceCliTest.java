package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.FakeServer.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SluiceCliTest {

    private static final String DEFAULT_CLUSTER =
            "/subscriptions/local/resourceGroups/default/providers/Microsoft.HDInsight/clusterpools/local/clusters/session";

    @TempDir Path dir;
    private FakeServer fake;
    private final AtomicInteger tokens = new AtomicInteger();
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeServer();
        fake.on(
                "POST",
                "/oauth2/token",
                request ->
                        request.body().contains("client_secret=s3cret")
                                ? Reply.json(
                                        200,
                                        "{\"access_token\":\"tok-%d\",\"expires_in\":3600}"
                                                .formatted(tokens.incrementAndGet()))
                                : Reply.json(
                                        401,
                                        "{\"error\":\"invalid_client\",\"error_description\":\"Unknown client or wrong secret\"}"));
        env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRun.Result run(String... args) {
        return new CliRun(env, dir.resolve("home")).run(args);
    }

    private Path stored() {
        return dir.resolve("config/sluice/login.json");
    }

    private static String job(String status, String result, String output) {
        return """
                {"name":"counter","properties":{"jobType":"FlinkJob","jobName":"counter","status":"%s",
                 "actionResult":"%s","jobOutput":"%s"}}
                """
                .formatted(status, result, output);
    }

    @Test
    void loginKeepsTheLoginForItsOwnerOnlyAndLaterCommandsSendTheToken() throws Exception {
        fake.on(
                "GET",
                DEFAULT_CLUSTER + "/jobs",
                request -> Reply.json(200, "{\"value\":[" + job("RUNNING", "SUCCESS", "") + "]}"));

        CliRun.Result login =
                run(
                        "login",
                        "--server",
                        fake.url() + "/",
                        "--client-id",
                        "ci",
                        "--client-secret",
                        "s3cret");

        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in to " + fake.url() + " as ci");
        assertThat(Files.getPosixFilePermissions(stored()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(stored().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(stored()))
                .contains("\"tokenUrl\" : \"" + fake.url() + "/oauth2/token\"")
                .contains("tok-1");

        CliRun.Result list = run("job", "list");

        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("counter").contains("RUNNING");
        assertThat(fake.requests.get(fake.requests.size() - 1).authorization())
                .isEqualTo("Bearer tok-1");
        assertThat(tokens).hasValue(1);
    }

    @Test
    void anExpiredTokenIsRenewedAndKeptForTheNextRun() throws Exception {
        new StoredLogin(
                        fake.url(),
                        fake.url() + "/oauth2/token",
                        "ci",
                        "s3cret",
                        "tok-old",
                        Instant.now().minusSeconds(5).toString())
                .write(stored());
        fake.on("GET", DEFAULT_CLUSTER + "/jobs", request -> Reply.json(200, "{\"value\":[]}"));

        CliRun.Result list = run("job", "list");

        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("(none)");
        assertThat(fake.requests.get(fake.requests.size() - 1).authorization())
                .isEqualTo("Bearer tok-1");
        StoredLogin kept = StoredLogin.read(stored());
        assertThat(kept.accessToken()).isEqualTo("tok-1");
        assertThat(Instant.parse(kept.expiresAt())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(Files.getPosixFilePermissions(stored()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aLoginForAnotherServerIsNotSentHere() throws Exception {
        new StoredLogin(
                        "http://127.0.0.1:1",
                        "http://127.0.0.1:1/oauth2/token",
                        "ci",
                        "s3cret",
                        "tok-elsewhere",
                        Instant.now().plusSeconds(600).toString())
                .write(stored());
        env.put("SLUICE_SERVER", fake.url());
        fake.on("GET", DEFAULT_CLUSTER + "/jobs", request -> Reply.json(200, "{\"value\":[]}"));

        assertThat(run("job", "list").code()).isZero();

        assertThat(fake.requests.get(0).authorization()).isNull();
    }

    @Test
    void withoutALoginACredentialsFileOfThisServerGetsATokenForTheRun() throws Exception {
        Path file = dir.resolve("owner-credentials.json");
        Files.writeString(
                file,
                "{\"clientId\":\"owner\",\"clientSecret\":\"s3cret\",\"tokenUrl\":\"%s/oauth2/token\"}"
                        .formatted(fake.url()));
        env.put("SLUICE_CREDENTIALS_FILE", file.toString());
        env.put("SLUICE_SERVER", fake.url());
        fake.on("GET", DEFAULT_CLUSTER + "/jobs", request -> Reply.json(200, "{\"value\":[]}"));

        assertThat(run("job", "list").code()).isZero();
        assertThat(fake.requests.get(fake.requests.size() - 1).authorization())
                .isEqualTo("Bearer tok-1");
        assertThat(stored()).doesNotExist();

        env.put("SLUICE_SERVER", "http://127.0.0.1:1");
        run("job", "list");
        assertThat(tokens).as("no token for another server").hasValue(1);
    }

    @Test
    void withoutALoginOrServerTheCredentialsFileNamesTheServer() throws Exception {
        // As ./sluice runs the CLI: the Owner's file of its data dir, whose token URL the server
        // keeps current (https when it serves HTTPS).
        Path file = dir.resolve("owner-credentials.json");
        Files.writeString(
                file,
                "{\"clientId\":\"owner\",\"clientSecret\":\"s3cret\",\"tokenUrl\":\"%s/oauth2/token\"}"
                        .formatted(fake.url()));
        env.put("SLUICE_CREDENTIALS_FILE", file.toString());
        fake.on("GET", DEFAULT_CLUSTER + "/jobs", request -> Reply.json(200, "{\"value\":[]}"));

        CliRun.Result list = run("job", "list");

        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(fake.requests.get(fake.requests.size() - 1).authorization())
                .isEqualTo("Bearer tok-1");
    }

    @Test
    void loginKeepsItsCaFileAndAWrongCaFileIsAClearError() throws Exception {
        Path missing = dir.resolve("missing.pem");
        CliRun.Result refused =
                run(
                        "login",
                        "--server",
                        fake.url(),
                        "--client-id",
                        "ci",
                        "--client-secret",
                        "s3cret",
                        "--ca-file",
                        missing.toString());
        assertThat(refused.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(refused.err()).contains("Cannot read the CA file " + missing);
        assertThat(stored()).doesNotExist();

        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, CA_PEM);
        CliRun.Result login =
                run(
                        "login",
                        "--server",
                        fake.url(),
                        "--client-id",
                        "ci",
                        "--client-secret",
                        "s3cret",
                        "--ca-file",
                        ca.toString());
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(StoredLogin.read(stored()).caFile()).isEqualTo(ca.toAbsolutePath().toString());
        fake.on("GET", DEFAULT_CLUSTER + "/jobs", request -> Reply.json(200, "{\"value\":[]}"));
        assertThat(run("job", "list").code()).isZero();

        // SLUICE_CA_FILE wins over the login's, and a file without a certificate says so.
        Path notACertificate = dir.resolve("key.pem");
        Files.writeString(
                notACertificate, "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
        env.put("SLUICE_CA_FILE", notACertificate.toString());
        CliRun.Result wrong = run("job", "list");
        assertThat(wrong.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(wrong.err())
                .contains("The CA file " + notACertificate + " holds no PEM certificate");
    }

    private static final String CA_PEM =
            """
            -----BEGIN CERTIFICATE-----
            MIIBXjCCAQSgAwIBAgIJAOH2mmFRMivDMAoGCCqGSM49BAMCMBQxEjAQBgNVBAMT
            CTEyNy4wLjAuMTAgFw0yNjEyMDcwMTA1MjFaGA8yMTI2MTExMzAxMDUyMVowFDES
            MBAGA1UEAxMJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUVqV
            Wah8VeZtIFi6v4OEm1P0xPQDzCk153j8Eo7S9W96NzxcD/+Q8rFnC/vMHlsERmAD
            /KQPrh16J9Bd+g7YWaM9MDswHQYDVR0OBBYEFMblWXxB2YdG+nhWS7jX+AtrJHEX
            MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAKBggqhkjOPQQDAgNIADBFAiEA
            gzZ6zfSl/aKb3rGMoF3SYijq7Ugo1oW3ZuXVNqA98N4CIHCjbjzV8XCcF9tgvaTv
            lrMG3rUL/AkbWfVbK1Jw/jI5
            -----END CERTIFICATE-----
            """;

    @Test
    void aPipelineLogsInFromVariables() {
        env.put("SLUICE_SERVER", fake.url());
        env.put("SLUICE_CLIENT_ID", "ci");
        env.put("SLUICE_CLIENT_SECRET", "s3cret");

        CliRun.Result login = run("login");

        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(StoredLogin.read(stored()).tokenUrl()).isEqualTo(fake.url() + "/oauth2/token");
        assertThat(StoredLogin.read(stored()).clientId()).isEqualTo("ci");
    }

    @Test
    void wrongCredentialsExitOneWithTheTokenUrlsError() {
        CliRun.Result login =
                run(
                        "login",
                        "--server",
                        fake.url(),
                        "--client-id",
                        "ci",
                        "--client-secret",
                        "nope");

        assertThat(login.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(login.err())
                .contains("invalid_client: Unknown client or wrong secret (HTTP 401)");
        assertThat(stored()).doesNotExist();
    }

    @Test
    void loginReadsACredentialsFileAndTakesTheServerFromItsTokenUrl() throws Exception {
        Path file = dir.resolve("owner-credentials.json");
        Files.writeString(
                file,
                "{\"clientId\":\"owner\",\"clientSecret\":\"s3cret\",\"tokenUrl\":\"%s/oauth2/token\"}"
                        .formatted(fake.url()));

        CliRun.Result login = run("login", "--credentials-file", file.toString());

        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(StoredLogin.read(stored()).server()).isEqualTo(fake.url());
        assertThat(StoredLogin.read(stored()).clientId()).isEqualTo("owner");
        assertThat(run("logout").out()).contains("Logged out");
        assertThat(stored()).doesNotExist();
    }

    @Test
    void globalOptionsComeFromFlagsThenVariablesThenTheEmbeddedDefault() {
        env.put("SLUICE_SERVER", fake.url());
        env.put("SLUICE_SUBSCRIPTION", "sub9");
        env.put("SLUICE_POOL", "pool9");
        String path =
                "/subscriptions/sub9/resourceGroups/rg2/providers/Microsoft.HDInsight/clusterpools/pool9/clusters/c2/jobs";
        fake.on("GET", path, request -> Reply.json(200, "{\"value\":[]}"));

        CliRun.Result list = run("job", "list", "-g", "rg2", "--cluster", "c2", "-o", "json");

        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out().strip()).isEqualTo("[ ]");
        assertThat(fake.requests.get(0).query()).contains("api-version=2024-05-01-preview");
    }

    @Test
    void aRefusalExitsOneWithTheServersCodeAndMessage() {
        env.put("SLUICE_SERVER", fake.url());
        fake.on(
                "POST",
                DEFAULT_CLUSTER + "/runJob",
                request ->
                        Reply.json(
                                409,
                                "{\"error\":{\"code\":\"ActionNotAllowed\",\"message\":\"Action START is not allowed while job 'counter' is RUNNING\"}}"));

        CliRun.Result start = run("job", "start", "counter");

        assertThat(start.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(start.err())
                .isEqualTo(
                        "sluice: ActionNotAllowed: Action START is not allowed while job 'counter'"
                                + " is RUNNING (HTTP 409)\n");
        assertThat(fake.requests.get(0).body())
                .isEqualTo(
                        "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"counter\",\"action\":\"START\"}}");
    }

    @Test
    void aFailedActionExitsOneAfterALiveProgressLine() {
        env.put("SLUICE_SERVER", fake.url());
        String operation = DEFAULT_CLUSTER + "/operationResults/act-1";
        fake.on(
                "POST",
                DEFAULT_CLUSTER + "/runJob",
                request ->
                        new Reply(
                                202,
                                Map.of(
                                        "Location",
                                        fake.url() + operation + "?api-version=2024-05-01-preview",
                                        "Retry-After",
                                        "0"),
                                job("RUNNING", "IN_PROGRESS", "")));
        AtomicInteger polls = new AtomicInteger();
        fake.on(
                "GET",
                operation,
                request ->
                        polls.incrementAndGet() < 3
                                ? new Reply(202, Map.of("Retry-After", "0"), "")
                                // As ARM does: a failed operation's Location answers its error.
                                : Reply.json(
                                        400,
                                        "{\"error\":{\"code\":\"ActionFailed\","
                                                + "\"message\":\"UPDATE failed: no such class\"}}"));
        String failed = job("STOPPED", "FAILED", "UPDATE failed: no such class");
        fake.on(
                "GET",
                DEFAULT_CLUSTER + "/jobs/counter",
                request ->
                        Reply.json(
                                200,
                                failed.substring(0, failed.lastIndexOf('}'))
                                        + ",\"actions\":[{\"id\":\"act-1\",\"action\":\"UPDATE\","
                                        + "\"actionResult\":\"IN_PROGRESS\",\"step\":\"stopped-with-savepoint\"}]}"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code =
                new SluiceCli(
                                new CliEnvironment(
                                        env,
                                        dir,
                                        new PrintWriter(out, true),
                                        new PrintWriter(err, true),
                                        true))
                        .execute("job", "update", "counter", "--wait");

        assertThat(code).isEqualTo(SluiceCli.FAILED);
        assertThat(err.toString())
                .startsWith("\rUPDATE counter: IN_PROGRESS, step stopped-with-savepoint (0 s)")
                .contains("sluice: UPDATE counter FAILED: UPDATE failed: no such class");
        assertThat(out.toString()).contains("FAILED").contains("STOPPED");
    }

    @Test
    void anUnreachableServerExitsOne() {
        CliRun.Result list = run("job", "list", "--server", "http://127.0.0.1:1");

        assertThat(list.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(list.err()).startsWith("sluice: Cannot reach Sluice at http://127.0.0.1:1");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run().code()).isEqualTo(SluiceCli.USAGE);
        assertThat(run("job").code()).isEqualTo(SluiceCli.USAGE);
        assertThat(run("job", "stop").code()).isEqualTo(SluiceCli.USAGE);
        assertThat(run("job", "stop", "x", "--timeout", "soon").code()).isEqualTo(SluiceCli.USAGE);
        assertThat(run("pool", "list", "-o", "yaml").code()).isEqualTo(SluiceCli.USAGE);
        assertThat(run("login").code()).isEqualTo(SluiceCli.USAGE);
        CliRun.Result both = run("login", "--credentials-file", "x.json", "--client-id", "a");
        assertThat(both.code()).isEqualTo(SluiceCli.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        CommandLine root =
                new CommandLine(new SluiceCommand(new CliEnvironment(env, dir, null, null, false)));
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        assertThat(all).hasSizeGreaterThan(25);

        for (CommandLine command : all) {
            String path = command.getCommandSpec().qualifiedName(" ");
            List<String> args =
                    new ArrayList<>(List.of(path.split(" ")).subList(1, path.split(" ").length));
            args.add("--help");
            CliRun.Result help = run(args.toArray(String[]::new));
            assertThat(help.code()).as(path).isZero();
            assertThat(help.out()).as(path).contains("Usage: " + path).contains("Example");
        }
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream().distinct().forEach(c -> collect(c, all));
    }

    @Test
    void theCompletionScriptKnowsTheCommands() {
        CliRun.Result script = run("completion", "bash");

        assertThat(script.code()).isZero();
        assertThat(script.out())
                .contains("complete -F _complete_sluice")
                .contains("last-state-update")
                .contains("--credentials-file");
    }
}
