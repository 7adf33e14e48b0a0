package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage port on local files: each operation, and the confinement a client cannot escape. */
class LocalStorageTest {

    @TempDir Path tmp;

    private final Storage storage = new LocalStorage();
    private Path root;
    private List<StorageLocation> roots;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("storage"));
        roots = List.of(storage.root(root.toString()));
    }

    @Test
    void listsEntriesWithNameSizeTimeAndKind() throws IOException {
        Files.writeString(root.resolve("a.txt"), "12345");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("dir"));

        List<StorageEntry> entries =
                storage.list(loc(root)).stream()
                        .sorted((x, y) -> x.name().compareTo(y.name()))
                        .toList();

        assertThat(entries).extracting(StorageEntry::name).containsExactly("a.txt", "dir", "link");
        assertThat(entries.get(0).isFile()).isTrue();
        assertThat(entries.get(0).size()).isEqualTo(5);
        assertThat(entries.get(0).modified()).isAfter(Instant.now().minusSeconds(60));
        assertThat(entries.get(0).location()).isEqualTo(loc(root.resolve("a.txt")));
        assertThat(entries.get(1).isDirectory()).isTrue();
        // A listing does not follow links.
        assertThat(entries.get(2).kind()).isEqualTo(StorageEntry.Kind.OTHER);
        assertThat(storage.list(loc(root.resolve("absent")))).isEmpty();
        assertThat(storage.list(loc(root.resolve("a.txt")))).isEmpty();
    }

    @Test
    void statFollowsLinksAndIsEmptyForNothing() throws IOException {
        Files.createDirectories(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("dir"));

        assertThat(storage.stat(loc(root.resolve("link"))))
                .get()
                .matches(StorageEntry::isDirectory);
        assertThat(storage.stat(loc(root.resolve("absent")))).isEmpty();
    }

    @Test
    void readsFromAnOffset() throws IOException {
        Files.writeString(root.resolve("log"), "0123456789");

        try (InputStream in = storage.read(loc(root.resolve("log")), 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("456789");
        }
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoStagingFile() throws IOException {
        StorageLocation file = loc(root.resolve("f.txt"));
        Files.writeString(root.resolve("f.txt"), "old");

        long size = storage.write(file, body("new content"), 100, null);

        assertThat(size).isEqualTo(11);
        assertThat(Files.readString(root.resolve("f.txt"))).isEqualTo("new content");
        assertThat(names(root)).containsExactly("f.txt");
    }

    @Test
    void writeOverTheLimitOrRefusedByTheCheckStoresNothing() throws IOException {
        StorageLocation file = loc(root.resolve("f.txt"));
        Files.writeString(root.resolve("f.txt"), "old");

        assertThat(storage.write(file, body("0123456789"), 5, null)).isGreaterThan(5);
        assertThatThrownBy(
                        () ->
                                storage.write(
                                        file,
                                        body("refused"),
                                        100,
                                        staged -> {
                                            assertThat(Files.readString(staged.path()))
                                                    .isEqualTo("refused");
                                            throw new IOException("no");
                                        }))
                .hasMessage("no");

        assertThat(Files.readString(root.resolve("f.txt"))).isEqualTo("old");
        assertThat(names(root)).containsExactly("f.txt");
    }

    @Test
    void appendsAtMostTheLengthGiven() throws IOException {
        Files.writeString(root.resolve("log"), "abc");

        storage.append(loc(root.resolve("log")), body("defgh"), 3);

        assertThat(Files.readString(root.resolve("log"))).isEqualTo("abcdef");
    }

    @Test
    void createsDirectoriesAndSaysWhichWasFirstMissing() throws IOException {
        assertThat(storage.createDirectories(loc(root.resolve("a/b/c"))))
                .contains(loc(root.resolve("a")));
        assertThat(Files.isDirectory(root.resolve("a/b/c"))).isTrue();
        assertThat(storage.createDirectories(loc(root.resolve("a/b")))).isEmpty();
    }

    @Test
    void deletesAFileATreeAndOnlyEmptyDirectoriesWhenAskedTo() throws IOException {
        Files.createDirectories(root.resolve("tree/sub"));
        Files.writeString(root.resolve("tree/sub/f"), "x");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
        Files.createSymbolicLink(root.resolve("tree/link"), outside);
        Files.writeString(root.resolve("single"), "x");

        assertThat(storage.deleteIfEmpty(loc(root.resolve("tree")))).isFalse();
        storage.delete(loc(root.resolve("tree")));
        storage.delete(loc(root.resolve("single")));
        storage.delete(loc(root.resolve("absent")));

        assertThat(names(root)).isEmpty();
        // The link went, not what it led to.
        assertThat(Files.readString(outside)).isEqualTo("keep");
        Files.createDirectories(root.resolve("empty"));
        assertThat(storage.deleteIfEmpty(loc(root.resolve("empty")))).isTrue();
    }

    @Test
    void aLocalCopyOfALocalFileIsTheFileItself() throws IOException {
        Files.writeString(root.resolve("job.jar"), "x");

        try (Storage.LocalCopy copy = storage.localCopy(loc(root.resolve("job.jar")))) {
            assertThat(copy.path()).isEqualTo(root.resolve("job.jar"));
        }
        assertThat(Files.exists(root.resolve("job.jar"))).isTrue();
        assertThatThrownBy(() -> storage.localCopy(loc(root.resolve("absent.jar"))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void resolvesAndConfinesAsStorageRootsAlwaysHas() throws IOException {
        assertThat(storage.resolve(roots, "jars", "f")).isEqualTo(loc(root.resolve("jars")));
        assertThat(storage.resolve(roots, "file://" + root + "/my%20jars", "f").uri())
                .isEqualTo("file://" + root + "/my%20jars");
        assertThat(storage.confine(roots, loc(root.resolve("x")), "f"))
                .isEqualTo(loc(root.resolve("x")));
    }

    @Test
    void refusesTraversalEncodedTricksLinksOutAndOtherSchemes() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), Files.createDirectories(tmp.resolve("o")));

        for (String attempt :
                List.of(
                        "../x",
                        "jars/../../x",
                        "file://" + root + "/%2e%2e/x",
                        "file://" + root + "/%252e%252e/x",
                        "jars%2f..%2f..%2fx",
                        "jars\\..\\..\\x",
                        "/etc/passwd",
                        "escape/x")) {
            assertThatThrownBy(() -> storage.resolve(roots, attempt, "f"))
                    .as(attempt)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.code()).isEqualTo("PathOutsideStorage"));
        }
        assertThatThrownBy(() -> storage.confine(roots, loc(root.resolve("escape/y")), "f"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("PathOutsideStorage"));
        assertThatThrownBy(() -> storage.resolve(roots, "abfs://c@a.dfs.core.windows.net/x", "f"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("UnsupportedStorageScheme"));
    }

    @Test
    void schemesPickTheStorageAndRefuseUnknownOnes() {
        StorageSchemes schemes = StorageSchemes.local();

        assertThat(schemes.forUri("file:///x")).isInstanceOf(LocalStorage.class);
        assertThat(schemes.forUri("/plain/path")).isInstanceOf(LocalStorage.class);
        assertThat(schemes.roots(root.toString()).primary()).isEqualTo(loc(root));
        assertThatThrownBy(() -> schemes.forUri("abfs://c@a.dfs.core.windows.net/x"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("UnsupportedStorageScheme"));
    }

    @Test
    void locationsNavigateByName() {
        StorageLocation dir = new StorageLocation("file:///data/my%20jars");

        assertThat(dir.child("job 1.jar").uri()).isEqualTo("file:///data/my%20jars/job%201.jar");
        assertThat(dir.child("job 1.jar").name()).isEqualTo("job 1.jar");
        assertThat(dir.parent().uri()).isEqualTo("file:///data");
        assertThat(new StorageLocation("file:///data").parent().uri()).isEqualTo("file:///");
        assertThat(new StorageLocation("file:///").parent()).isNull();
        assertThat(dir.contains(dir.child("x"))).isTrue();
        assertThat(dir.contains(new StorageLocation("file:///data/my%20jars2"))).isFalse();
        assertThat(new StorageLocation("abfs://c@a.dfs.core.windows.net/x").child("y").uri())
                .isEqualTo("abfs://c@a.dfs.core.windows.net/x/y");
    }

    private static StorageLocation loc(Path path) {
        return LocalStorage.location(path);
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
