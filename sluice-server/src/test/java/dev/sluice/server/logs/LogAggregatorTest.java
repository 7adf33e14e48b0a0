package dev.sluice.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAggregatorTest {

    @TempDir Path dir;

    @Test
    void copiesWhatIsNewAndRecopiesWhatRolledOver() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path remote = dir.resolve("remote/logs");
        Path log = logs.resolve("jobmanager.log");
        Files.writeString(log, "2026-01-01 line 1\n");

        LogAggregator.copy(logs, remote);
        Files.writeString(log, "2026-01-01 line 2\n", StandardOpenOption.APPEND);
        LogAggregator.copy(logs, remote);

        assertThat(remote.resolve("jobmanager.log"))
                .hasContent("2026-01-01 line 1\n2026-01-01 line 2\n");

        // A process start rolls the log over: a new file that starts differently.
        Files.move(log, logs.resolve("jobmanager.log.1"));
        Files.writeString(log, "2026-01-02 restarted, a longer first line than before\n");
        LogAggregator.copy(logs, remote);

        assertThat(remote.resolve("jobmanager.log"))
                .hasContent("2026-01-02 restarted, a longer first line than before\n");
        assertThat(remote.resolve("jobmanager.log.1"))
                .hasContent("2026-01-01 line 1\n2026-01-01 line 2\n");
        try (var files = Files.list(remote)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("jobmanager.log", "jobmanager.log.1");
        }
    }

    @Test
    void aMissingLogDirectoryCopiesNothing() throws IOException {
        LogAggregator.copy(dir.resolve("none"), dir.resolve("remote"));

        assertThat(dir.resolve("remote")).doesNotExist();
    }
}
