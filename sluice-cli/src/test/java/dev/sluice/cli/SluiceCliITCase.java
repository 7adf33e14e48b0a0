package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole session-job lifecycle through the CLI only, run in-process against a real server (its
 * Boot jar as a process) and the real Flink 1.20 cluster that server starts: login, pool, cluster,
 * jar upload, every job action a pipeline uses with --wait, a refused action (exit 1 with the
 * server's code and message), a failed UPDATE (exit 1) and usage errors (exit 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SluiceCliITCase {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String ENTRY_CLASS = "dev.sluice.examples.counter.CounterJob";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path work;
    private ServerProcess server;
    private CliRun cli;
    private Map<String, String> env;
    private Path out;
    private CounterOutput counter;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        out = work.resolve("out");
        counter = new CounterOutput(out);
        server = ServerProcess.start(work.resolve("data"));
        env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
        env.put("SLUICE_SERVER", server.url());
        env.put("SLUICE_SUBSCRIPTION", "sub1");
        env.put("SLUICE_RESOURCE_GROUP", "rg1");
        cli = new CliRun(env, work.resolve("home"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Runs the CLI; the session is logged to the test's output, as a terminal would show it. */
    private CliRun.Result sluice(String... args) {
        CliRun.Result result = cli.run(args);
        System.out.println("$ sluice " + String.join(" ", args) + "\n" + result);
        return result;
    }

    /** Runs and expects exit code 0, showing everything the CLI printed when it is not. */
    private CliRun.Result ok(String... args) {
        CliRun.Result result = sluice(args);
        assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    private static Path example(String version) {
        Path jar =
                ServerProcess.repoRoot()
                        .resolve(
                                "examples/counter-flink1/target/counter-flink1-"
                                        + version
                                        + ".jar");
        assertThat(jar).as("build the examples first: ./mvnw package").isRegularFile();
        return jar;
    }

    @Test
    @Order(1)
    void loginWithTheOwnersCredentialsWhenTheServerHasThem() throws Exception {
        Path credentials = server.data().resolve("owner-credentials.json");
        // The server writes them at start-up when it has authentication (and only then).
        boolean authentication = eventually(Duration.ofSeconds(5), () -> Files.exists(credentials));
        System.out.println("The server has authentication: " + authentication);
        if (!authentication) {
            // A server without authentication: every call goes without a token.
            assertThat(sluice("login", "--credentials-file", credentials.toString()).code())
                    .isEqualTo(SluiceCli.FAILED);
            return;
        }
        CliRun.Result refused = sluice("pool", "list");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(SluiceCli.FAILED);
        assertThat(refused.err()).contains("AuthenticationFailed").contains("HTTP 401");

        CliRun.Result login = ok("login", "--credentials-file", credentials.toString());

        assertThat(login.out()).contains("Logged in to " + server.url());
        Path stored = work.resolve("config/sluice/login.json");
        assertThat(Files.getPosixFilePermissions(stored))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(stored)).contains("accessToken").contains(server.url());
    }

    @Test
    @Order(2)
    void poolCreateListShow() {
        CliRun.Result created = ok("pool", "create", "pool1", "--location", "local");
        assertThat(created.out()).contains("pool1").contains("local");

        assertThat(ok("pool", "list").out()).contains("NAME").contains("pool1");
        assertThat(ok("pool", "show", "-p", "pool1").out()).contains("/clusterpools/pool1");
        // From here on the pool and cluster come from the environment, as in a pipeline.
        env.put("SLUICE_POOL", "pool1");
        env.put("SLUICE_CLUSTER", "flink1");
    }

    @Test
    @Order(3)
    void clusterCreateWaitsUntilFlinkRuns() {
        CliRun.Result created =
                ok(
                        "cluster",
                        "create",
                        "flink1",
                        "-p",
                        "pool1",
                        "--storage",
                        work.resolve("storage").toUri().toString(),
                        "--flink-version",
                        "1.20",
                        "--job-manager-memory",
                        Integer.toString(ServerProcess.TEST_MEMORY_MB),
                        "--task-manager-memory",
                        Integer.toString(ServerProcess.TEST_MEMORY_MB),
                        "--slots",
                        "2",
                        "-D",
                        "taskmanager.memory.managed.size=64m",
                        "--wait",
                        "--timeout",
                        "4m");

        assertThat(field(created.out(), "provisioningState")).isEqualTo("Succeeded");
        assertThat(created.err()).contains("cluster flink1: ");
        assertThat(ok("cluster", "list", "-p", "pool1").out())
                .contains("flink1")
                .contains("Succeeded");
        assertThat(ok("cluster", "show", "flink1", "-p", "pool1", "-o", "json").out())
                .contains("\"restUrl\"");
    }

    @Test
    @Order(4)
    void jarUploadPutsTheJarIntoTheClusterStorage() {
        CliRun.Result uploaded =
                ok(
                        "jar",
                        "upload",
                        example("v1").toString(),
                        "--name",
                        "counter.jar",
                        "-p",
                        "pool1",
                        "-c",
                        "flink1");

        assertThat(uploaded.out()).contains("jarName").contains("counter.jar");
        assertThat(work.resolve("storage/jars/counter.jar")).exists();
    }

    @Test
    @Order(5)
    void newWithWaitRunsTheJob() {
        CliRun.Result created =
                ok(
                        "job",
                        "new",
                        "counter",
                        "-p",
                        "pool1",
                        "-c",
                        "flink1",
                        "--jar",
                        "counter.jar",
                        "--entry-class",
                        ENTRY_CLASS,
                        "--args",
                        "--output " + out + " --rate 20 --keys 2",
                        "--parallelism",
                        "1",
                        "-D",
                        "execution.checkpointing.interval=1s",
                        "--wait");

        assertThat(field(created.out(), "status")).isEqualTo("RUNNING");
        assertThat(field(created.out(), "actionResult")).isEqualTo("SUCCESS");
        // Not a terminal here: progress comes as plain lines on stderr.
        assertThat(created.err()).contains("NEW counter: ").doesNotContain("\r");
        await("counts written", WAIT, () -> minCount() >= 5);
    }

    @Test
    @Order(6)
    void aRefusedActionExitsOneWithTheServersCodeAndMessage() {
        CliRun.Result refused = sluice("job", "start", "counter");

        assertThat(refused.code()).as(refused.toString()).isEqualTo(SluiceCli.FAILED);
        assertThat(refused.err())
                .contains("ActionNotAllowed")
                .contains("Action START is not allowed while job 'counter' is RUNNING")
                .contains("HTTP 409");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    @Order(7)
    void usageErrorsExitTwo() {
        CliRun.Result missingJob = sluice("job", "stop");
        assertThat(missingJob.code()).isEqualTo(SluiceCli.USAGE);
        assertThat(missingJob.err()).contains("Missing required parameter: 'JOB'");
        assertThat(sluice("job", "frobnicate", "counter").code()).isEqualTo(SluiceCli.USAGE);
        CliRun.Result noJar = sluice("job", "new", "x");
        assertThat(noJar.code()).isEqualTo(SluiceCli.USAGE);
        assertThat(noJar.err()).contains("Give --jar or --jar-file");
    }

    @Test
    @Order(8)
    void stopThenStartContinuesFromTheSavepoint() {
        CliRun.Result stopped = ok("job", "stop", "counter", "--wait");
        assertThat(field(stopped.out(), "status")).isEqualTo("STOPPED");
        assertThat(field(stopped.out(), "lastSavePoint")).contains("savepoint-");
        long atStop = minCount();

        CliRun.Result started = ok("job", "start", "counter", "--wait");

        assertThat(field(started.out(), "status")).isEqualTo("RUNNING");
        await("counts go on after START", WAIT, () -> minCount() > atStop);
        assertThat(counter.counts().values())
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(atStop));
    }

    @Test
    @Order(9)
    void updateRunsTheNewlyUploadedJar() {
        ok("jar", "upload", example("v2").toString(), "--name", "counter.jar");
        long before = minCount();

        CliRun.Result updated = ok("job", "update", "counter", "--wait");

        assertThat(field(updated.out(), "status")).isEqualTo("RUNNING");
        assertThat(field(updated.out(), "actionResult")).isEqualTo("SUCCESS");
        await("v2 writes", WAIT, () -> counter.versions().equals(List.of("v2")));
        assertThat(minCount()).isGreaterThan(before);
    }

    @Test
    @Order(10)
    void savepointThenSavepointsListsIt() {
        CliRun.Result taken = ok("job", "savepoint", "counter", "--wait");
        String path = field(taken.out(), "lastSavePoint");
        String name = path.substring(path.lastIndexOf('/') + 1);

        CliRun.Result listed = ok("job", "savepoints", "counter");

        // The savepoint history: each savepoint with how it was taken.
        assertThat(listed.out()).contains(name).contains("manual");
    }

    @Test
    @Order(11)
    void listAndShow() {
        CliRun.Result table = ok("job", "list");
        assertThat(table.out()).contains("NAME").contains("counter").contains("RUNNING");

        JsonNode json =
                JSON.readTree(
                        ok("job", "list", "-o", "json", "--filter", "jobName eq counter").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).path("properties").path("status").asString()).isEqualTo("RUNNING");
        assertThat(
                        JSON.readTree(
                                        ok(
                                                        "job",
                                                        "list",
                                                        "-o",
                                                        "json",
                                                        "--filter",
                                                        "jobName eq nothing")
                                                .out())
                                .size())
                .isZero();

        CliRun.Result shown = ok("job", "show", "counter");
        assertThat(shown.out())
                .contains("ACTION")
                .contains("SAVEPOINT")
                .contains("UPDATE")
                .contains("START")
                .contains("STOP")
                .contains("NEW");
    }

    @Test
    @Order(12)
    void statelessAndLastStateUpdates() {
        CliRun.Result updated =
                ok(
                        "job",
                        "stateless-update",
                        "counter",
                        "--args",
                        "--output " + out + " --rate 20 --keys 2",
                        "--wait");
        String flinkJobId = field(updated.out(), "jobId");
        await(
                "a completed checkpoint of the new run to restore from",
                WAIT,
                () -> completedCheckpointOf(flinkJobId));

        CliRun.Result restored = ok("job", "last-state-update", "counter", "--wait");

        assertThat(field(restored.out(), "status")).isEqualTo("RUNNING");
        assertThat(restored.out()).contains("chk-");
    }

    @Test
    @Order(13)
    void aFailedUpdateFailsThePipeline() throws IOException {
        Path notAJar = work.resolve("not-a.jar");
        Files.writeString(notAJar, "not a jar");
        CliRun.Result refused =
                sluice("jar", "upload", notAJar.toString(), "--name", "counter.jar");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(SluiceCli.FAILED);
        assertThat(refused.err()).contains("InvalidJar");
        // A jar that Flink cannot run: the job's class is not in it.
        Path broken = work.resolve("broken.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(broken), manifest)) {
            jar.putNextEntry(new JarEntry("README.txt"));
            jar.write("no classes here".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        ok("jar", "upload", broken.toString(), "--name", "counter.jar");

        CliRun.Result update = sluice("job", "update", "counter", "--wait");

        assertThat(update.code()).as(update.toString()).isEqualTo(SluiceCli.FAILED);
        assertThat(field(update.out(), "actionResult")).isEqualTo("FAILED");
        assertThat(update.err()).contains("sluice: UPDATE counter FAILED: UPDATE failed: ");

        // The stop-with-savepoint worked before the new jar failed: the job is STOPPED at that
        // savepoint, and the pipeline's next run brings it back from there with a good jar.
        assertThat(field(ok("job", "show", "counter").out(), "status")).isEqualTo("STOPPED");
        ok("jar", "upload", example("v2").toString(), "--name", "counter.jar");
        CliRun.Result recovered = ok("job", "start", "counter", "--wait");
        assertThat(field(recovered.out(), "status")).isEqualTo("RUNNING");
    }

    @Test
    @Order(14)
    void theLauncherRunsTheCliFromTheCallersDirectory() throws Exception {
        Path ship = Files.createDirectories(work.resolve("ship"));
        Files.copy(example("v2"), ship.resolve("counter.jar"));
        ProcessBuilder launcher =
                new ProcessBuilder(
                                ServerProcess.repoRoot().resolve("sluice").toString(),
                                "jar",
                                "upload",
                                "counter.jar",
                                "-o",
                                "json")
                        .directory(ship.toFile())
                        .redirectError(work.resolve("launcher.err").toFile());
        launcher.environment().putAll(env);
        launcher.environment().put("SLUICE_DATA_DIR", server.data().toString());
        Process process = launcher.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor())
                .as(stdout + Files.readString(work.resolve("launcher.err")))
                .isZero();
        assertThat(JSON.readTree(stdout).path("jarName").asString()).isEqualTo("counter.jar");
    }

    @Test
    @Order(15)
    void cancelThenDelete() {
        CliRun.Result cancelled = ok("job", "cancel", "counter", "--wait");
        assertThat(field(cancelled.out(), "status")).isEqualTo("CANCELLED");

        ok("job", "delete", "counter", "--wait");

        assertThat(ok("job", "list").out()).contains("(none)");
        CliRun.Result gone = sluice("job", "show", "counter");
        assertThat(gone.code()).isEqualTo(SluiceCli.FAILED);
        assertThat(gone.err()).contains("JobNotFound");
    }

    @Test
    @Order(16)
    void clusterAndPoolDelete() {
        CliRun.Result deleted =
                ok("cluster", "delete", "flink1", "-p", "pool1", "--wait", "--timeout", "2m");
        assertThat(deleted.out()).contains("Deleted cluster flink1");
        assertThat(ok("cluster", "list", "-p", "pool1").out()).contains("(none)");

        assertThat(ok("pool", "delete", "pool1").out()).contains("Deleted pool pool1");
    }

    /** A {@code name value} line of the table output. */
    private static String field(String output, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+(\\S+)").matcher(output);
        assertThat(m.find()).as(name + " in\n" + output).isTrue();
        return m.group(1);
    }

    private long minCount() {
        return counter.minCount();
    }

    /** Whether a checkpoint of that Flink job completed under the cluster's storage. */
    private boolean completedCheckpointOf(String flinkJobId) {
        try (Stream<Path> paths = Files.walk(work.resolve("storage"))) {
            return paths.anyMatch(
                    p ->
                            p.getFileName().toString().equals("_metadata")
                                    && p.getParent().getFileName().toString().startsWith("chk-")
                                    && p.getParent()
                                            .getParent()
                                            .getFileName()
                                            .toString()
                                            .equals(flinkJobId));
        } catch (IOException | UncheckedIOException e) {
            return false; // a checkpoint subsumed while walking: look again
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        if (!eventually(timeout, condition)) {
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s: " + what);
        }
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return true;
    }
}
