package dev.sluice.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.LogFile;
import dev.sluice.server.storage.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAggregatorTest {

    @TempDir Path dir;

    /** The logs of a directory as a deployment target lists them. */
    private static List<LogFile> logs(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<LogFile> logs = new ArrayList<>();
            for (Path file : files.toList()) {
                long size = Files.size(file);
                logs.add(
                        new LogFile() {
                            @Override
                            public String name() {
                                return file.getFileName().toString();
                            }

                            @Override
                            public long size() {
                                return size;
                            }

                            @Override
                            public InputStream open(long offset) throws IOException {
                                InputStream in = Files.newInputStream(file);
                                in.skipNBytes(offset);
                                return in;
                            }
                        });
            }
            return logs;
        }
    }

    @Test
    void copiesWhatIsNewAndRecopiesWhatRolledOver() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path remote = dir.resolve("remote/logs");
        Path log = logs.resolve("jobmanager.log");
        Files.writeString(log, "2026-01-01 line 1\n");

        LogAggregator.copy(new LocalStorage(), logs(logs), LocalStorage.location(remote));
        Files.writeString(log, "2026-01-01 line 2\n", StandardOpenOption.APPEND);
        LogAggregator.copy(new LocalStorage(), logs(logs), LocalStorage.location(remote));

        assertThat(remote.resolve("jobmanager.log"))
                .hasContent("2026-01-01 line 1\n2026-01-01 line 2\n");

        // A process start rolls the log over: a new file that starts differently.
        Files.move(log, logs.resolve("jobmanager.log.1"));
        Files.writeString(log, "2026-01-02 restarted, a longer first line than before\n");
        LogAggregator.copy(new LocalStorage(), logs(logs), LocalStorage.location(remote));

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
        LogAggregator.copy(
                new LocalStorage(),
                logs(dir.resolve("none")),
                LocalStorage.location(dir.resolve("remote")));

        assertThat(dir.resolve("remote")).doesNotExist();
    }
}
