package dev.sluice.server.portal;

import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars a New job form offers: the {@code *.jar} files directly in a directory of the cluster's
 * storage, by name. Hidden files are left out: a jar upload in progress is one.
 *
 * @param directory the directory as the user wrote it
 * @param uri its canonical URI, to show where the jars were looked for
 * @param jars the jar names, sorted
 */
record JarListing(String directory, String uri, List<String> jars) {

    /**
     * Lists a directory, which must lie in the cluster's storage.
     *
     * @throws dev.sluice.server.common.ApiException 400 when it does not, targeting jobJarDirectory
     */
    static JarListing of(StorageRoots roots, String directory) {
        Path path = roots.resolve(directory, JarFiles.DIRECTORY_FIELD);
        String uri = StorageRoots.toUri(path);
        if (!Files.isDirectory(path)) {
            return new JarListing(directory, uri, List.of());
        }
        try (Stream<Path> files = Files.list(path)) {
            List<String> jars =
                    files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .map(f -> f.getFileName().toString())
                            .filter(name -> name.endsWith(".jar") && !name.startsWith("."))
                            .sorted()
                            .toList();
            return new JarListing(directory, uri, jars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list jars in " + uri, e);
        }
    }
}
