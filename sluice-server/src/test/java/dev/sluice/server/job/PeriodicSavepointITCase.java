package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.action;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static dev.sluice.server.testing.TestFlink.minCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Periodic savepoints and retention against the shared real Flink 1.20 cluster, with the example
 * job: a savepoint every 2 s, at most 2 periodic or manual ones kept, the older ones disposed
 * (files gone, history says so) while the STOP savepoint and the one the run restored from stay;
 * the schedule carries on after a server restart.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeriodicSavepointITCase {

    private static final String SAVEPOINTS = CLUSTER + "/jobs/periodic/savepoints";

    private JobApiFixture sluice;
    private Path out;
    private String restoredFrom;
    private String stopSavepoint;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        out = work.resolve("out");
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void periodicSavepointsAppearAndRetentionDisposesTheOldest() {
        sluice.run(
                """
                {"properties":{"jobType":"FlinkJob","jobName":"periodic","action":"NEW",
                 "jobJarDirectory":"%s","jarName":"counter.jar","entryClass":"dev.sluice.examples.counter.CounterJob",
                 "args":"%s","flinkConfiguration":{"parallelism":"1","restart-strategy.type":"none",
                 "execution.checkpointing.interval":"1s","sluice.savepoint.interval":"2s",
                 "sluice.savepoint.retention.count":"2"}}}
                """
                        .formatted(sluice.jars().toUri(), args(out)));

        await("two periodic savepoints disposed", WAIT, () -> withState("DISPOSED").size() >= 2);

        List<JsonNode> available = withState("AVAILABLE");
        List<JsonNode> disposed = withState("DISPOSED");
        assertThat(available.size()).as(available.toString()).isBetween(2, 3);
        Instant oldestKept =
                available.stream()
                        .map(PeriodicSavepointITCase::takenAt)
                        .min(Instant::compareTo)
                        .get();
        for (JsonNode d : disposed) {
            JsonNode p = d.path("properties");
            assertThat(p.path("kind").asString()).isEqualTo("periodic");
            assertThat(p.path("usable").asBoolean()).isFalse();
            assertThat(p.path("disposedAt").asString()).isNotBlank();
            assertThat(directory(d)).doesNotExist();
            assertThat(takenAt(d)).isBefore(oldestKept);
        }
        for (JsonNode a : available) {
            assertThat(a.path("properties").path("kind").asString()).isEqualTo("periodic");
            assertThat(directory(a).resolve("_metadata")).exists();
        }
        JsonNode detail = sluice.api().get(CLUSTER + "/jobs/periodic").body();
        List<String> principals = new ArrayList<>();
        detail.path("actions")
                .forEach(
                        a -> {
                            if (a.path("action").asString().equals("SAVEPOINT")) {
                                principals.add(a.path("principal").asString());
                            }
                        });
        assertThat(principals).isNotEmpty().containsOnly("sluice:periodic");
        assertThat(sluice.job("periodic").path("status").asString()).isEqualTo("RUNNING");
    }

    @Test
    @Order(2)
    void theStopSavepointAndTheOneRestoredFromStay() {
        stopSavepoint =
                runWhenFree(action("periodic", "STOP", null)).path("lastSavePoint").asString();
        List<JsonNode> available = withState("AVAILABLE");
        JsonNode oldest = available.get(available.size() - 1);
        assertThat(oldest.path("properties").path("kind").asString()).isEqualTo("periodic");
        restoredFrom = oldest.path("properties").path("path").asString();
        Instant started = Instant.now();
        long before = minCount(out);

        runWhenFree(action("periodic", "START", "\"savePointName\":\"" + restoredFrom + "\""));
        await("counts after START", WAIT, () -> minCount(out) > before);
        await(
                "three periodic savepoints after START",
                WAIT,
                () -> periodicAfter(started) >= 3 && withState("AVAILABLE").size() <= 4);

        JsonNode restored = byPath(restoredFrom);
        assertThat(restored.path("properties").path("state").asString()).isEqualTo("AVAILABLE");
        assertThat(directory(restored).resolve("_metadata")).exists();
        JsonNode stop = withKind("stop").get(0);
        assertThat(stop.path("properties").path("state").asString()).isEqualTo("AVAILABLE");
        assertThat(directory(stop).resolve("_metadata")).exists();
        assertThat(stop.path("name").asString()).isEqualTo(name(stopSavepoint));
    }

    @Test
    @Order(3)
    void theScheduleCarriesOnAfterAServerRestart() {
        sluice.stopServer();
        Instant restarted = Instant.now();
        sluice.startServer(c -> {});

        await("periodic savepoints after the restart", WAIT, () -> periodicAfter(restarted) >= 2);
        assertThat(byPath(restoredFrom).path("properties").path("state").asString())
                .isEqualTo("AVAILABLE");
    }

    /**
     * Sends runJob until no other action (a periodic savepoint) is in its way; waits for its end.
     */
    private JsonNode runWhenFree(String body) {
        Answer[] accepted = new Answer[1];
        await(
                "accepted " + body,
                WAIT,
                () -> {
                    accepted[0] = sluice.api().post(CLUSTER + "/runJob", body);
                    if (accepted[0].status() == 409) {
                        assertThat(accepted[0].errorCode()).isEqualTo("ActionInProgress");
                        return false;
                    }
                    return true;
                });
        assertThat(accepted[0].status()).as(accepted[0].raw()).isEqualTo(202);
        JsonNode done = sluice.awaitOperation(accepted[0].header("Location"));
        assertThat(done.path("actionResult").asString()).as(done.toString()).isEqualTo("SUCCESS");
        return done;
    }

    private List<JsonNode> savepoints() {
        List<JsonNode> all = new ArrayList<>();
        sluice.api().get(SAVEPOINTS).body().path("value").forEach(all::add);
        return all;
    }

    private List<JsonNode> withState(String state) {
        return savepoints().stream()
                .filter(s -> s.path("properties").path("state").asString().equals(state))
                .filter(s -> s.path("properties").path("kind").asString().equals("periodic"))
                .toList();
    }

    private List<JsonNode> withKind(String kind) {
        return savepoints().stream()
                .filter(s -> s.path("properties").path("kind").asString().equals(kind))
                .toList();
    }

    private long periodicAfter(Instant since) {
        return withKind("periodic").stream().filter(s -> takenAt(s).isAfter(since)).count();
    }

    private JsonNode byPath(String path) {
        return savepoints().stream()
                .filter(s -> s.path("properties").path("path").asString().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no savepoint " + path));
    }

    private static Instant takenAt(JsonNode s) {
        return Instant.parse(s.path("properties").path("takenAt").asString());
    }

    private static Path directory(JsonNode s) {
        return Path.of(URI.create(s.path("properties").path("path").asString()));
    }

    private static String name(String path) {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
