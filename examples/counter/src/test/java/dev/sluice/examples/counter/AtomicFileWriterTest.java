package dev.sluice.examples.counter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer that replaces key files: write, overwrite, missing directories. */
class AtomicFileWriterTest {

    @TempDir Path tmp;

    @Test
    void writesTheFile() throws IOException {
        new AtomicFileWriter(tmp).write("key-1", "count=1 version=v1 key=1\n");

        assertEquals("count=1 version=v1 key=1\n", Files.readString(tmp.resolve("key-1"), UTF_8));
    }

    @Test
    void overwritesAndLeavesNoTempFilesBehind() throws IOException {
        AtomicFileWriter writer = new AtomicFileWriter(tmp);
        writer.write("key-1", "count=1 version=v1 key=1\n");
        writer.write("key-1", "count=2 version=v1 key=1\n");

        assertEquals("count=2 version=v1 key=1\n", Files.readString(tmp.resolve("key-1"), UTF_8));
        assertEquals(List.of("key-1"), fileNames(tmp));
    }

    @Test
    void createsMissingDirectories() throws IOException {
        Path dir = tmp.resolve("a/b");

        new AtomicFileWriter(dir).write("key-0", "count=1 version=v1 key=0\n");

        assertEquals("count=1 version=v1 key=0\n", Files.readString(dir.resolve("key-0"), UTF_8));
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
