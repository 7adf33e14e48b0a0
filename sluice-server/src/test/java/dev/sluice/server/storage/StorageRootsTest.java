package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageRootsTest {

    private static StorageLocation loc(Path path) {
        return LocalStorage.location(path);
    }

    @TempDir Path tmp;

    Path root;
    StorageRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("storage/session"));
        roots = StorageRoots.forRoot("file://" + root);
    }

    @Test
    void acceptsTripleSlashFileUri() {
        assertThat(roots.resolve("file://" + root + "/jars", "f"))
                .isEqualTo(loc(root.resolve("jars")));
    }

    @Test
    void acceptsSingleSlashFileUri() {
        assertThat(roots.resolve("file:" + root + "/jars", "f"))
                .isEqualTo(loc(root.resolve("jars")));
    }

    @Test
    void acceptsLocalhostFileUri() {
        assertThat(roots.resolve("file://localhost" + root + "/jars", "f"))
                .isEqualTo(loc(root.resolve("jars")));
    }

    @Test
    void acceptsPlainAbsolutePath() {
        assertThat(roots.resolve(root + "/savepoints/x", "f"))
                .isEqualTo(loc(root.resolve("savepoints/x")));
    }

    @Test
    void acceptsTheRootItselfAndRedundantSegments() {
        assertThat(roots.resolve("file://" + root + "/", "f")).isEqualTo(loc(root));
        assertThat(roots.resolve(root + "//jars/./a", "f")).isEqualTo(loc(root.resolve("jars/a")));
    }

    @Test
    void decodesPercentEncodingInUris() {
        assertThat(roots.resolve("file://" + root + "/my%20jars", "f"))
                .isEqualTo(loc(root.resolve("my jars")));
    }

    @Test
    void relativePathsResolveAgainstThePrimaryRoot() throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("shared"));
        StorageRoots both = roots.withRoot(extra.toString());

        assertThat(both.resolve("jars", "f")).isEqualTo(loc(root.resolve("jars")));
        assertThat(both.resolve("savepoints/x", "f")).isEqualTo(loc(root.resolve("savepoints/x")));
        assertThat(both.resolve("file://" + extra + "/lib", "f"))
                .isEqualTo(loc(extra.resolve("lib")));
        assertThat(both.primary()).isEqualTo(loc(root));
        assertThat(both.roots()).containsExactly(loc(root), loc(extra));
    }

    @Test
    void followsSymlinksThatStayInside() throws IOException {
        Path target = Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), target);

        assertThat(roots.resolve("alias/x", "f")).isEqualTo(loc(root.resolve("alias/x")));
    }

    @Test
    void acceptsRootThatIsItselfASymlink() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-storage"), root);
        StorageRoots viaLink = StorageRoots.forRoot(link.toString());

        assertThat(viaLink.resolve("jars", "f")).isEqualTo(loc(link.resolve("jars")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jars/../../../etc",
                "jars/../jars",
                "..",
                "file:///work/../etc",
                "jars\\..\\..\\etc",
            })
    void rejectsDotDotSegments(String uri) {
        ApiException e =
                rejected(
                        () -> roots.resolve(uri, "jobJarDirectory"),
                        "PathOutsideStorage",
                        "jobJarDirectory");
        assertThat(e.getMessage()).contains(uri).contains("'..'").contains("file://" + root);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"%2e%2e", "%2E%2e", ".%2e", "%252e%252e", "jars%2f..", "%2e%2e%2f%2e%2e"})
    void rejectsEncodedDotDot(String segment) {
        rejected(
                () -> roots.resolve("file://" + root + "/" + segment + "/etc", "f"),
                "PathOutsideStorage",
                "f");
        rejected(() -> roots.resolve("jars/" + segment + "/x", "f"), "PathOutsideStorage", "f");
    }

    @Test
    void rejectsAbsolutePathOutside() {
        ApiException e =
                rejected(
                        () -> roots.resolve("/etc/passwd", "jobJarDirectory"),
                        "PathOutsideStorage",
                        "jobJarDirectory");
        assertThat(e.getMessage())
                .isEqualTo(
                        "jobJarDirectory '/etc/passwd' is outside the storage root file://" + root);
        rejected(() -> roots.resolve("file:///etc", "f"), "PathOutsideStorage", "f");
    }

    @Test
    void rejectsSiblingWithTheRootAsNamePrefix() {
        rejected(() -> roots.resolve(root + "-other/jars", "f"), "PathOutsideStorage", "f");
    }

    @Test
    void rejectsSymlinkLeadingOut() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);

        ApiException e =
                rejected(
                        () -> roots.resolve("escape/x", "savepoint.directory"),
                        "PathOutsideStorage",
                        "savepoint.directory");
        assertThat(e.getMessage()).contains("symbolic link").contains("escape/x");
        rejected(() -> roots.resolve("file://" + root + "/escape", "f"), "PathOutsideStorage", "f");
    }

    @Test
    void rejectsDanglingSymlink() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nowhere"));

        rejected(() -> roots.resolve("dangling/x", "f"), "PathOutsideStorage", "f");
    }

    @Test
    void confineChecksAGivenPath() throws IOException {
        Path outside = Files.createFile(tmp.resolve("secret.jar"));
        Files.createSymbolicLink(root.resolve("job.jar"), outside);

        assertThat(roots.confine(loc(root.resolve("other.jar")), "jarName"))
                .isEqualTo(loc(root.resolve("other.jar")));
        rejected(
                () -> roots.confine(loc(root.resolve("job.jar")), "jarName"),
                "PathOutsideStorage",
                "jarName");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abfs://container@account.dfs.core.windows.net/jars",
                "s3://bucket/jars",
                "hdfs://namenode:8020/jars",
                "http://example.com/job.jar",
                "wasbs://c@a.blob.core.windows.net/x",
                "C:\\jars",
            })
    void rejectsUnsupportedSchemes(String uri) {
        ApiException e =
                rejected(
                        () -> roots.resolve(uri, "jobJarDirectory"),
                        "UnsupportedStorageScheme",
                        "jobJarDirectory");
        assertThat(e.getMessage()).contains(uri).contains("file:///").contains("file://" + root);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void rejectsBlank(String uri) {
        ApiException e =
                rejected(
                        () -> roots.resolve(uri, "jobJarDirectory"),
                        "InvalidStoragePath",
                        "jobJarDirectory");
        assertThat(e.getMessage()).contains("jobJarDirectory is empty").contains("file://" + root);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///a b",
                "file:///x/%zz",
                "file:relative/path",
                "file://data/jars",
                "file:///x?version=2",
                "file:///x#frag",
                "file://",
            })
    void rejectsMalformedFileUris(String uri) {
        ApiException e = rejected(() -> roots.resolve(uri, "f"), "InvalidStoragePath", "f");
        assertThat(e.getMessage()).contains(uri);
    }

    @Test
    void rejectsNulCharacter() {
        rejected(() -> roots.resolve("jars\0x", "f"), "InvalidStoragePath", "f");
        rejected(() -> roots.resolve("file://" + root + "/%00", "f"), "InvalidStoragePath", "f");
    }

    @Test
    void listsEveryRootInMessages() throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("shared"));
        StorageRoots both = roots.withRoots(List.of("file://" + extra));

        ApiException e = rejected(() -> both.resolve("/etc", "f"), "PathOutsideStorage", "f");
        assertThat(e.getMessage()).contains("storage roots file://" + root + ", file://" + extra);
    }

    @Test
    void toUriIsCanonical() throws IOException {
        Files.createDirectories(root.resolve("jars"));

        assertThat(StorageRoots.toUri(root.resolve("jars"))).isEqualTo("file://" + root + "/jars");
        assertThat(StorageRoots.toUri(root.resolve("a/./b/../c")))
                .isEqualTo("file://" + root + "/a/c");
        assertThat(StorageRoots.toUri(root.resolve("my jars")))
                .isEqualTo("file://" + root + "/my%20jars");
        assertThat(roots.resolve(StorageRoots.toUri(root.resolve("my jars")), "f"))
                .isEqualTo(loc(root.resolve("my jars")));
    }

    @Test
    void badRootsAreConfigurationErrors() {
        assertThatThrownBy(() -> StorageRoots.forRoot("abfs://c@a/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageRoots.forRoot("relative/dir"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageRoots.forRoot(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageRoots.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageRoots.forRoot("file:" + root + "/").primary()).isEqualTo(loc(root));
    }

    static ApiException rejected(ThrowingCallable call, String code, String target) {
        return rejected(call, 400, code, target);
    }

    static ApiException rejected(ThrowingCallable call, int status, String code, String target) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) thrown;
        assertThat(e.status()).as("status of: %s", e.getMessage()).isEqualTo(status);
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.target()).as("target of: %s", e.getMessage()).isEqualTo(target);
        return e;
    }
}
