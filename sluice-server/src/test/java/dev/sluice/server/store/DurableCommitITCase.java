package dev.sluice.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.job.ActionStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The embedded default's promise "acknowledged means on disk": a process committing through the
 * application's store on the default H2 URL is SIGKILLed while committing, and every commit that
 * had returned before the kill is in the database when it is opened again.
 */
class DurableCommitITCase {

    private static final int COMMITS_BEFORE_KILL = 50;

    @TempDir Path data;

    @Test
    void theDefaultUrlFlushesEveryCommitBeforeItReturns() {
        // H2's default write delay (500 ms) acknowledges commits it writes later.
        assertThat(CommittingChild.defaultUrl(data))
                .startsWith("jdbc:h2:file:" + data.resolve("db/sluice"))
                .contains(";WRITE_DELAY=0");
    }

    @Test
    void everyCommitThatReturnedSurvivesSigkill() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx128m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                CommittingChild.class.getName(),
                                data.toString())
                        .redirectError(data.resolve("child-stderr.txt").toFile());
        builder.environment().remove("SLUICE_DATABASE_URL");
        Process child = builder.start();
        List<String> committed = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(CommittingChild.COMMITTED)) {
                    committed.add(line.substring(CommittingChild.COMMITTED.length()));
                    if (committed.size() == COMMITS_BEFORE_KILL) {
                        // SIGKILL in the middle of the next commits; through the handle, which
                        // (unlike Process.destroyForcibly) leaves the output to read to its end.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed)
                .as("commits acknowledged before the kill (see %s)", data)
                .hasSizeGreaterThanOrEqualTo(COMMITS_BEFORE_KILL);

        SingleConnectionDataSource reopened =
                new SingleConnectionDataSource(CommittingChild.defaultUrl(data), "sa", "", true);
        try {
            ActionStore actions = new ActionStore(JdbcClient.create(reopened));
            List<String> lost =
                    committed.stream().filter(id -> actions.find(id).isEmpty()).toList();
            assertThat(lost).as("acknowledged commits lost by the kill").isEmpty();
        } finally {
            JdbcClient.create(reopened).sql("SHUTDOWN").update();
            reopened.destroy();
        }
    }
}
