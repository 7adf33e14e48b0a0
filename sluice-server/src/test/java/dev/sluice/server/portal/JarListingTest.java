package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarListingTest {

    @TempDir Path storage;

    @Test
    void listsTheJarsOfADirectoryByNameLeavingOutHiddenFilesAndDirectories() throws IOException {
        Path jars = Files.createDirectories(storage.resolve("jars"));
        Files.writeString(jars.resolve("b.jar"), "x");
        Files.writeString(jars.resolve("a.jar"), "x");
        Files.writeString(jars.resolve("notes.txt"), "x");
        Files.writeString(jars.resolve(".upload-1.jar"), "x");
        Files.createDirectories(jars.resolve("dir.jar"));

        JarListing listing = JarListing.of(StorageRoots.forRoot(storage.toString()), "jars");

        assertThat(listing.jars()).containsExactly("a.jar", "b.jar");
        assertThat(listing.uri()).isEqualTo(StorageRoots.toUri(jars));
        assertThat(listing.directory()).isEqualTo("jars");
    }

    @Test
    void aMissingDirectoryHasNoJarsAndOneOutsideStorageIsRefused() {
        StorageRoots roots = StorageRoots.forRoot(storage.toString());

        assertThat(JarListing.of(roots, "nothing-here").jars()).isEmpty();
        assertThatThrownBy(() -> JarListing.of(roots, "/etc"))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).target())
                .isEqualTo("jobJarDirectory");
    }
}
