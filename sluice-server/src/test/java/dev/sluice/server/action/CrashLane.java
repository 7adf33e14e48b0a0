package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.counts;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.action.CrashPlan.Stage;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.KillSwitch;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One job of {@link CrashResumeITCase}: prepares and sends its crashed action each round, and after
 * the restart checks that the action ended as Flink's state warrants, with the savepoint recorded
 * and the example job's counts continuing where state must survive.
 */
final class CrashLane {

    static final Duration WAIT = Duration.ofSeconds(150);
    private static final int KEYS = 2;

    private final String name;
    private final String cluster;
    private final Supplier<ArmClient> api;
    private final FlinkClient flink;
    private final Holds holds;
    private final Path jars;
    private final Path outputs;
    private final Path marker;

    /** What the job should be once its current action ended; null before NEW, DELETED after. */
    private String status;

    private int outputCount;
    private Path out;

    /** A count every key had already reached in the state the next restore starts from. */
    private long floor = -1;

    private Stage stage;
    private String body;
    private String location;
    private String flinkJobBefore;
    private Path outBefore;
    private final Set<String> flinkJobIds = new HashSet<>();

    CrashLane(
            String name,
            String cluster,
            Supplier<ArmClient> api,
            FlinkClient flink,
            Holds holds,
            Path jars,
            Path work) {
        this.name = name;
        this.cluster = cluster;
        this.api = api;
        this.flink = flink;
        this.holds = holds;
        this.jars = jars;
        this.outputs = work.resolve("out").resolve(name);
        this.marker = work.resolve("markers").resolve(name);
    }

    String name() {
        return name;
    }

    Stage stage() {
        return stage;
    }

    boolean running() {
        return "RUNNING".equals(status);
    }

    /** Every Flink job id this lane's job ever had (to tell its Flink jobs from others). */
    Set<String> flinkJobIds() {
        return flinkJobIds;
    }

    /**
     * Runs what the stage needs first (uncrashed), then sends the crashed action if it is to be
     * killed at a step, and waits until the action is held right after recording that step. A stage
     * killed right after its 202 is only prepared here: the round sends it last.
     */
    void prepare(Stage next) throws IOException {
        stage = next;
        if (status == null && !next.action().equals("NEW")) {
            finish(newJob());
        }
        switch (next.action()) {
            case "START" -> {
                if (running()) {
                    floor = minCount(out);
                    finish(simple("STOP", null));
                }
            }
            case "RE_LAUNCH" -> fail();
            case "DELETE" -> {
                if (running()) {
                    finish(simple("CANCEL", null));
                }
            }
            case "UPDATE", "STOP", "SAVEPOINT" -> floor = minCount(out);
            case "LAST_STATE_UPDATE" -> floor = checkpointedFloor();
            default -> {}
        }
        outBefore = out;
        flinkJobBefore = status == null ? null : job().path("jobId").asString(null);
        body = crashedBody(next.action());
        if (!next.at().equals(CrashPlan.ACCEPTED)) {
            holds.hold(name, next.at());
            send();
            await(
                    name + " held at " + next,
                    WAIT,
                    () -> {
                        JsonNode last = lastAction();
                        assertThat(last.path("actionResult").asString())
                                .as(name + " " + next + " ended before its step: " + last)
                                .isEqualTo("IN_PROGRESS");
                        return next.at().equals(last.path("step").asString(null));
                    });
        }
    }

    /** Sends the prepared action, to be held at its step. */
    private void send() {
        Answer accepted = api.get().post(cluster + "/runJob", body);
        assertThat(accepted.status()).as(name + " " + stage + ": " + accepted.raw()).isEqualTo(202);
        location = accepted.header("Location");
    }

    /** Sends the prepared action through the switch that kills the server on the last 202. */
    void send(KillSwitch killSwitch) {
        KillSwitch.Reply accepted = killSwitch.send("POST", cluster + "/runJob", body);
        assertThat(accepted.status()).as(name + " " + stage).isEqualTo(202);
        location = accepted.header("Location");
    }

    boolean accepted() {
        return stage.at().equals(CrashPlan.ACCEPTED);
    }

    /** After the restart: the action ended as it should, and what it did is visible. */
    void verify(int port) {
        JsonNode done =
                awaitOperation(location.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + port));
        String what = name + " " + stage + ": " + done;
        assertThat(done.path("actionResult").asString()).as(what).isEqualTo("SUCCESS");
        String action = stage.action();
        switch (action) {
            case "DELETE" -> {
                assertThat(api.get().get(cluster + "/jobs/" + name).errorCode())
                        .as(what)
                        .isEqualTo("JobNotFound");
                status = "DELETED";
                return;
            }
            case "STOP" -> status = "STOPPED";
            case "CANCEL" -> status = "CANCELLED";
            default -> status = "RUNNING";
        }
        JsonNode job = job();
        JsonNode last = lastAction();
        assertThat(last.path("action").asString()).as(what).isEqualTo(action);
        assertThat(job.path("status").asString()).as(what).isEqualTo(status);
        String flinkJobId = job.path("jobId").asString(null);
        if (flinkJobId != null) {
            flinkJobIds.add(flinkJobId);
        }
        switch (action) {
            case "STOP", "SAVEPOINT" -> {
                String savepoint = last.path("savepoint").asString();
                assertThat(job.path("lastSavePoint").asString()).as(what).isEqualTo(savepoint);
                assertThat(metadata(savepoint)).as(what + " _metadata").exists();
                if (action.equals("SAVEPOINT")) {
                    assertThat(flinkJobId)
                            .as(what + ": the same Flink job runs on")
                            .isEqualTo(flinkJobBefore);
                }
            }
            case "START", "UPDATE", "LAST_STATE_UPDATE", "RE_LAUNCH" -> {
                assertThat(flinkJobId).as(what).isNotEqualTo(flinkJobBefore);
                String restoredFrom = last.path("savepoint").asString();
                assertThat(TestFlink.readableStats(flink, flinkJobId).restored())
                        .as(what + ": Flink restored the recorded point")
                        .hasValueSatisfying(
                                r -> assertThat(r.externalPath()).isEqualTo(restoredFrom));
                if (action.equals("UPDATE")) {
                    assertThat(job.path("lastSavePoint").asString())
                            .as(what)
                            .isEqualTo(restoredFrom);
                    assertThat(metadata(restoredFrom)).as(what + " _metadata").exists();
                }
                assertCountsContinue(what);
            }
            case "NEW", "STATELESS_UPDATE" -> {
                assertThat(flinkJobId).as(what).isNotEqualTo(flinkJobBefore);
                await(what + " counts", WAIT, () -> counts(out).size() == KEYS);
            }
            default -> {}
        }
    }

    /**
     * The state survived: the new run's first counts (in a new directory) start above the floor.
     */
    private void assertCountsContinue(String what) {
        assertThat(out).as(what + ": a new output directory").isNotEqualTo(outBefore);
        await(what + " counts", WAIT, () -> counts(out).size() == KEYS);
        assertThat(counts(out).values())
                .as(what + ": counts continue above " + floor)
                .allSatisfy(c -> assertThat(c.count()).isGreaterThan(floor));
    }

    /**
     * Every savepoint Flink wrote into the job's directory is the savepoint of one of its actions,
     * listed by LIST_SAVEPOINT, with its {@code _metadata}; the newest is the job's lastSavePoint.
     */
    void verifySavepoints() throws IOException {
        if ("DELETED".equals(status) || status == null) {
            return;
        }
        JsonNode detail = api.get().get(cluster + "/jobs/" + name).body();
        Path directory =
                Path.of(
                        URI.create(
                                detail.path("properties")
                                        .path("flinkConfiguration")
                                        .path("savepoint.directory")
                                        .asString()));
        Set<String> recorded = new HashSet<>();
        detail.path("actions")
                .forEach(a -> recorded.add(fileName(a.path("savepoint").asString(""))));
        Set<String> written = new HashSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.forEach(f -> written.add(f.getFileName().toString()));
            }
        }
        assertThat(recorded).as(name + ": savepoints in " + directory).containsAll(written);
        if (written.isEmpty()) {
            return;
        }
        Answer listed = api.get().post(cluster + "/runJob", simple("LIST_SAVEPOINT", null));
        JsonNode list = awaitOperation(listed.header("Location"));
        for (String savepoint : written) {
            assertThat(list.path("jobOutput").asString()).as(name).contains(savepoint);
            assertThat(directory.resolve(savepoint).resolve("_metadata")).exists();
        }
        String last = detail.path("properties").path("lastSavePoint").asString(null);
        assertThat(last).as(name + " lastSavePoint").isNotNull();
        Path newest =
                written.stream()
                        .map(directory::resolve)
                        .max(
                                (a, b) ->
                                        Long.compare(
                                                modified(a.resolve("_metadata")),
                                                modified(b.resolve("_metadata"))))
                        .orElseThrow();
        assertThat(fileName(last))
                .as(name + " lastSavePoint is the newest")
                .isEqualTo(newest.getFileName().toString());
    }

    /** A STOPPED job's last savepoint is usable: START restores it and the counts continue. */
    void startAgainIfStopped() {
        if (!"STOPPED".equals(status)) {
            return;
        }
        outBefore = out;
        finish(simple("START", "\"args\":\"" + args(nextOut()) + "\""));
        assertCountsContinue(name + " START after the crashes");
    }

    // ----- preparation -----

    private String crashedBody(String action) {
        return switch (action) {
            case "NEW" -> newBody(nextOut());
            case "START", "UPDATE", "STATELESS_UPDATE", "LAST_STATE_UPDATE", "RE_LAUNCH" ->
                    simple(action, "\"args\":\"" + args(nextOut()) + "\"");
            default -> simple(action, null);
        };
    }

    private String newJob() {
        return newBody(nextOut());
    }

    private Path nextOut() {
        out = outputs.resolve(Integer.toString(++outputCount));
        return out;
    }

    private String args(Path output) {
        return "--output " + output + " --rate 10 --keys " + KEYS + " --fail-marker " + marker;
    }

    private String newBody(Path output) {
        return """
                {"properties":{"jobType":"FlinkJob","jobName":"%s","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar",
                 "entryClass":"dev.sluice.examples.counter.CounterJob","args":"%s",
                 "flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s"}}}
                """
                .formatted(name, jars.toUri(), args(output));
    }

    private String simple(String action, String extra) {
        return "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\""
                + name
                + "\",\"action\":\""
                + action
                + "\""
                + (extra == null ? "" : "," + extra)
                + "}}";
    }

    /** Runs an action uncrashed to its end. */
    private void finish(String request) {
        Answer accepted = api.get().post(cluster + "/runJob", request);
        assertThat(accepted.status()).as(name + ": " + accepted.raw()).isEqualTo(202);
        JsonNode done = awaitOperation(accepted.header("Location"));
        assertThat(done.path("actionResult").asString())
                .as(name + ": " + done)
                .isEqualTo("SUCCESS");
        status = done.path("status").asString();
        String flinkJobId = done.path("jobId").asString(null);
        if (flinkJobId != null) {
            flinkJobIds.add(flinkJobId);
        }
    }

    /** Fails the running job with the example's marker, after two checkpoints of its state. */
    private void fail() throws IOException {
        floor = checkpointedFloor();
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "fail");
        try {
            await(name + " FAILED", WAIT, () -> "FAILED".equals(job().path("status").asString()));
        } finally {
            Files.deleteIfExists(marker);
        }
        status = "FAILED";
    }

    /** The current count floor, once two checkpoints completed after it was read. */
    private long checkpointedFloor() {
        await(name + " counts", WAIT, () -> counts(out).size() == KEYS);
        long now = minCount(out);
        TestFlink.awaitCheckpoints(flink, job().path("jobId").asString(), 2);
        return now;
    }

    // ----- reading -----

    private JsonNode job() {
        return api.get().get(cluster + "/jobs/" + name).body().path("properties");
    }

    private JsonNode lastAction() {
        return api.get().get(cluster + "/jobs/" + name).body().path("actions").path(0);
    }

    private JsonNode awaitOperation(String url) {
        Answer[] last = new Answer[1];
        await(
                name + " operation " + url,
                WAIT,
                () -> (last[0] = api.get().getUrl(url)).status() != 202);
        assertThat(last[0].status()).as(name + " operation: " + last[0].raw()).isEqualTo(200);
        return last[0].body().path("properties");
    }

    private static Path metadata(String savepoint) {
        return Path.of(URI.create(savepoint.replaceFirst("^file:/+", "file:///")))
                .resolve("_metadata");
    }

    private static String fileName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
