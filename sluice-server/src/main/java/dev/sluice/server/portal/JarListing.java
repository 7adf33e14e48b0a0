package dev.sluice.server.portal;

import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

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
        StorageLocation location = roots.resolve(directory, JarFiles.DIRECTORY_FIELD);
        String uri = location.uri();
        try {
            List<String> jars =
                    roots.storage().list(location).stream()
                            .filter(StorageEntry::isFile)
                            .map(StorageEntry::name)
                            .filter(name -> name.endsWith(".jar") && !name.startsWith("."))
                            .sorted()
                            .toList();
            return new JarListing(directory, uri, jars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list jars in " + uri, e);
        }
    }
}
