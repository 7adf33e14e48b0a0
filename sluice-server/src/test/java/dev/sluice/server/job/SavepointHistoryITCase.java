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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A job's savepoint history through the HTTP API, against the shared real Flink 1.20 cluster:
 * recorded by SAVEPOINT and STOP with how each was taken, printed by LIST_SAVEPOINT, an outside
 * savepoint imported and started from, all of it kept across a server restart.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SavepointHistoryITCase {

    private static final String SAVEPOINTS = CLUSTER + "/jobs/history/savepoints";

    private Path work;
    private JobApiFixture sluice;
    private Path out;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        this.work = work;
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
    void savepointAndStopAreRecordedWithHowTheyWereTaken() {
        sluice.run(sluice.newJob("history", args(out)));
        await("counts", WAIT, () -> minCount(out) >= 5);
        assertThat(sluice.api().get(SAVEPOINTS).body().path("value")).isEmpty();

        String manual =
                sluice.run(action("history", "SAVEPOINT", null)).path("lastSavePoint").asString();
        String stop = sluice.run(action("history", "STOP", null)).path("lastSavePoint").asString();

        Answer listed = sluice.api().get(SAVEPOINTS);
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        JsonNode value = listed.body().path("value");
        assertThat(value).hasSize(2);
        assertThat(value.get(0).path("name").asString()).isEqualTo(name(stop));
        assertThat(value.get(0).path("properties").path("kind").asString()).isEqualTo("stop");
        assertThat(value.get(1).path("name").asString()).isEqualTo(name(manual));
        assertThat(value.get(1).path("properties").path("kind").asString()).isEqualTo("manual");
        for (JsonNode s : value) {
            JsonNode p = s.path("properties");
            assertThat(p.path("usable").asBoolean()).isTrue();
            assertThat(p.path("state").asString()).isEqualTo("AVAILABLE");
            assertThat(p.path("sizeBytes").asLong()).isPositive();
            assertThat(p.path("actionId").asString()).matches("[0-9a-f]{32}");
            assertThat(Path.of(URI.create(p.path("path").asString())).resolve("_metadata"))
                    .exists();
            assertThat(s.path("id").asString()).startsWith(SAVEPOINTS + "/savepoint-");
        }

        String listing =
                sluice.run(action("history", "LIST_SAVEPOINT", null)).path("jobOutput").asString();
        assertThat(listing.lines().toList())
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("  stop  ").contains(name(stop)))
                .anySatisfy(l -> assertThat(l).contains("  manual  ").contains(name(manual)));
    }

    @Test
    @Order(2)
    void anOutsideSavepointIsImportedAndStartedFrom() throws IOException {
        Path source = Path.of(URI.create(firstPath("manual")));
        Path copy = work.resolve("storage/elsewhere/savepoint-from-outside");
        copyTree(source, copy);

        Answer missing = importing(work.resolve("storage/elsewhere/nothing").toUri().toString());
        assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("SavepointNotFound");
        Answer outside = importing(work.resolve("outside").toUri().toString());
        assertThat(outside.status()).as(outside.raw()).isEqualTo(400);
        assertThat(outside.body().path("error").path("target").asString()).isEqualTo("path");
        Answer noBody = sluice.api().post(SAVEPOINTS + "/import", "");
        assertThat(noBody.status()).isEqualTo(400);
        Answer noJob =
                sluice.api()
                        .post(
                                CLUSTER + "/jobs/nojob/savepoints/import",
                                "{\"path\":\"" + copy.toUri() + "\"}");
        assertThat(noJob.status()).isEqualTo(404);
        Answer imported = importing(copy.toUri().toString());

        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.body().path("properties").path("kind").asString())
                .isEqualTo("imported");
        assertThat(imported.body().path("properties").path("usable").asBoolean()).isTrue();
        assertThat(importing(copy.toUri().toString()).body()).isEqualTo(imported.body());
        assertThat(sluice.api().get(SAVEPOINTS).body().path("value")).hasSize(3);

        long before = minCount(out);
        JsonNode started =
                sluice.run(
                        action(
                                "history",
                                "START",
                                "\"savePointName\":\""
                                        + imported.body().path("properties").path("path").asString()
                                        + "\""));
        assertThat(started.path("status").asString()).isEqualTo("RUNNING");
        await("counts after START", WAIT, () -> minCount(out) > before);
    }

    @Test
    @Order(3)
    void theHistorySurvivesARestart() {
        JsonNode before = sluice.api().get(SAVEPOINTS).body();
        sluice.stopServer();
        sluice.startServer(c -> {});
        assertThat(sluice.api().get(SAVEPOINTS).body()).isEqualTo(before);
        Answer unknown = sluice.api().get(CLUSTER + "/jobs/nojob/savepoints");
        assertThat(unknown.status()).isEqualTo(404);
        Answer noVersion = sluice.api().get(SAVEPOINTS + "?api-version=none");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errorCode()).isEqualTo("MissingApiVersionParameter");
    }

    private Answer importing(String path) {
        return sluice.api().post(SAVEPOINTS + "/import", "{\"path\":\"" + path + "\"}");
    }

    private String firstPath(String kind) {
        for (JsonNode s : sluice.api().get(SAVEPOINTS).body().path("value")) {
            if (s.path("properties").path("kind").asString().equals(kind)) {
                return s.path("properties").path("path").asString();
            }
        }
        throw new AssertionError("no " + kind + " savepoint");
    }

    private static String name(String path) {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(all::add);
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
