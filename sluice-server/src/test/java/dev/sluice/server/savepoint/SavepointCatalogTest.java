package dev.sluice.server.savepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.LocalStorage;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavepointCatalogTest {

    private static final Storage STORAGE = new LocalStorage();

    private static StorageLocation loc(Path path) {
        return LocalStorage.location(path);
    }

    private static final Instant T1 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-02T10:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-03T10:00:00.123456Z");

    @TempDir Path tmp;

    Path root;
    Path savepoints;
    StorageRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("storage"));
        savepoints = Files.createDirectories(root.resolve("savepoints"));
        roots = StorageRoots.forRoot(root.toString());
    }

    @Test
    void listsNewestFirstByMetadataTime() throws IOException {
        savepoint("savepoint-20e9e9-000000000002", T2, 100);
        savepoint("savepoint-20e9e9-000000000001", T1, 10);
        savepoint("savepoint-20e9e9-000000000003", T3, 1000);

        List<SavepointEntry> entries = SavepointCatalog.list(STORAGE, loc(savepoints));

        assertThat(entries)
                .extracting(SavepointEntry::name)
                .containsExactly(
                        "savepoint-20e9e9-000000000003",
                        "savepoint-20e9e9-000000000002",
                        "savepoint-20e9e9-000000000001");
        assertThat(entries.get(0))
                .isEqualTo(
                        new SavepointEntry(
                                "savepoint-20e9e9-000000000003",
                                "file://" + savepoints + "/savepoint-20e9e9-000000000003",
                                T3,
                                true,
                                1000 + 10));
    }

    @Test
    void directoryWithoutMetadataIsUnusableAndDatedByItsDirectory() throws IOException {
        savepoint("savepoint-20e9e9-000000000001", T1, 10);
        Path partial = Files.createDirectories(savepoints.resolve("savepoint-20e9e9-00000000000f"));
        Files.write(partial.resolve("op-state"), new byte[42]);
        Files.setLastModifiedTime(partial, FileTime.from(T2));
        Files.writeString(savepoints.resolve("stray-file"), "not a savepoint");

        List<SavepointEntry> entries = SavepointCatalog.list(STORAGE, loc(savepoints));

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).name()).isEqualTo("savepoint-20e9e9-00000000000f");
        assertThat(entries.get(0).usable()).isFalse();
        assertThat(entries.get(0).time()).isEqualTo(T2);
        assertThat(entries.get(0).sizeBytes()).isEqualTo(42);
        assertThat(entries.get(1).usable()).isTrue();
    }

    @Test
    void absentDirectoryHasNoSavepoints() {
        assertThat(SavepointCatalog.list(STORAGE, loc(root.resolve("never-written")))).isEmpty();
    }

    @Test
    void resolvesByName() throws IOException {
        savepoint("savepoint-20e9e9-8a48c6b905e5", T1, 10);

        SavepointEntry entry =
                SavepointCatalog.resolve(roots, loc(savepoints), "savepoint-20e9e9-8a48c6b905e5");

        assertThat(entry.uri())
                .isEqualTo("file://" + savepoints + "/savepoint-20e9e9-8a48c6b905e5");
        assertThat(entry.usable()).isTrue();
        assertThat(entry.time()).isEqualTo(T1);
    }

    @Test
    void resolvesByUriPathOrMetadataFile() throws IOException {
        Path other = Files.createDirectories(root.resolve("elsewhere"));
        Path sp = savepoint(other, "savepoint-abcdef-000000000001", T1, 10);

        assertThat(SavepointCatalog.resolve(roots, loc(savepoints), "file://" + sp).name())
                .isEqualTo("savepoint-abcdef-000000000001");
        assertThat(SavepointCatalog.resolve(roots, loc(savepoints), sp.toString()).uri())
                .isEqualTo("file://" + sp);
        assertThat(
                        SavepointCatalog.resolve(
                                        roots, loc(savepoints), "file:" + sp + "/_metadata")
                                .uri())
                .isEqualTo("file://" + sp);
        assertThat(
                        SavepointCatalog.resolve(
                                        roots,
                                        loc(savepoints),
                                        "elsewhere/savepoint-abcdef-000000000001")
                                .uri())
                .isEqualTo("file://" + sp);
    }

    @Test
    void missingSavepointIsNotFound() {
        ApiException e =
                rejected(
                        () ->
                                SavepointCatalog.resolve(
                                        roots, loc(savepoints), "savepoint-000000-000000000000"),
                        "SavepointNotFound");
        assertThat(e.getMessage())
                .isEqualTo(
                        "savepoint 'savepoint-000000-000000000000' not found in file://"
                                + savepoints);
        rejected(
                () ->
                        SavepointCatalog.resolve(
                                roots, loc(savepoints), "file://" + savepoints + "/gone"),
                "SavepointNotFound");
    }

    @Test
    void savepointWithoutMetadataIsInvalid() throws IOException {
        Files.createDirectories(savepoints.resolve("savepoint-20e9e9-000000000009"));

        ApiException e =
                rejected(
                        () ->
                                SavepointCatalog.resolve(
                                        roots, loc(savepoints), "savepoint-20e9e9-000000000009"),
                        "InvalidSavepoint");
        assertThat(e.getMessage())
                .isEqualTo(
                        "savepoint file://"
                                + savepoints
                                + "/savepoint-20e9e9-000000000009 has no _metadata:"
                                + " it is incomplete or not a savepoint");
    }

    @Test
    void savepointOutsideStorageIsRefused() throws IOException {
        Path outside = savepoint(tmp, "savepoint-20e9e9-000000000001", T1, 10);
        Files.createSymbolicLink(savepoints.resolve("linked"), outside);

        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), outside.toString()),
                "PathOutsideStorage");
        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), "linked"),
                "PathOutsideStorage");
        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), ".."), "PathOutsideStorage");
        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), "../../x"),
                "PathOutsideStorage");
        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), "s3://bucket/sp"),
                "UnsupportedStorageScheme");
        rejected(
                () -> SavepointCatalog.resolve(roots, loc(savepoints), " "),
                "InvalidRequestContent");
    }

    @Test
    void formatsOneLinePerSavepoint() throws IOException {
        savepoint("savepoint-20e9e9-000000000001", T1, 10);
        Files.createDirectories(savepoints.resolve("savepoint-20e9e9-000000000002"));
        Files.setLastModifiedTime(
                savepoints.resolve("savepoint-20e9e9-000000000002"), FileTime.from(T3));

        String text =
                SavepointCatalog.format(
                        loc(savepoints), SavepointCatalog.list(STORAGE, loc(savepoints)));

        assertThat(text)
                .isEqualTo(
                        "2025-03-03T10:00:00Z  file://"
                                + savepoints
                                + "/savepoint-20e9e9-000000000002"
                                + "  (unusable: no _metadata)\n"
                                + "2025-03-01T10:00:00Z  file://"
                                + savepoints
                                + "/savepoint-20e9e9-000000000001");
        assertThat(SavepointCatalog.format(SavepointCatalog.list(STORAGE, loc(savepoints))))
                .isEqualTo(text);
    }

    @Test
    void newestPrefersTheCheckpointRetainedBesideASubsumedOne() throws IOException {
        Path job = Files.createDirectories(root.resolve("checkpoints/j/0a1b2c"));
        Path retained = savepoint(job, "chk-5", T2, 10);
        Path olderSavepoint = savepoint("savepoint-20e9e9-000000000001", T1, 10);
        // Flink's cached statistics still name chk-4, which it deleted when chk-5 completed.
        String subsumed = "file:" + job.resolve("chk-4");

        assertThat(SavepointCatalog.newest(roots, List.of(subsumed, olderSavepoint.toString())))
                .contains("file:" + retained);
        assertThat(SavepointCatalog.newest(roots, List.of("file:" + job.resolve("chk-9x"))))
                .isEmpty();
    }

    @Test
    void formatsAnEmptyListing() {
        assertThat(SavepointCatalog.format(loc(savepoints), List.of()))
                .isEqualTo("No savepoints in file://" + savepoints);
        assertThat(SavepointCatalog.format(List.of())).isEqualTo("No savepoints");
    }

    private Path savepoint(String name, Instant time, int stateBytes) throws IOException {
        return savepoint(savepoints, name, time, stateBytes);
    }

    /** A savepoint as Flink writes it: state files, then {@code _metadata} (10 bytes here). */
    private static Path savepoint(Path parent, String name, Instant time, int stateBytes)
            throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.write(dir.resolve("op-state"), new byte[stateBytes]);
        Files.write(dir.resolve("_metadata"), new byte[10]);
        Files.setLastModifiedTime(dir.resolve("_metadata"), FileTime.from(time));
        // The directory's own time must not matter when _metadata exists.
        Files.setLastModifiedTime(dir, FileTime.from(time.minusSeconds(86_400 * 30)));
        return dir;
    }

    private static ApiException rejected(ThrowingCallable call, String code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) thrown;
        assertThat(e.status()).as("status of: %s", e.getMessage()).isEqualTo(400);
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.target()).as("target of: %s", e.getMessage()).isEqualTo("savePointName");
        return e;
    }
}
