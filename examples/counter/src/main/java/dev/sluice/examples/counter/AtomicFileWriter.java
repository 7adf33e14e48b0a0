package dev.sluice.examples.counter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Replaces files in one directory so that readers never see a partially written file. */
final class AtomicFileWriter {

    private final Path dir;

    AtomicFileWriter(Path dir) {
        this.dir = dir;
    }

    void write(String fileName, String content) throws IOException {
        Files.createDirectories(dir);
        // Same directory, because ATOMIC_MOVE cannot cross file systems. The leading dot keeps
        // the temp file out of `key-*` globs; not Files.createTempFile, whose 0600 mode would
        // hide the result from readers running as another user (e.g. outside a container).
        Path tmp = dir.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, content, UTF_8, CREATE_NEW, WRITE);
            Files.move(tmp, dir.resolve(fileName), ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
