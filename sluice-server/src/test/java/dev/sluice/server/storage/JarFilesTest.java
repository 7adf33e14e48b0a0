package dev.sluice.server.storage;

import static dev.sluice.server.storage.StorageRootsTest.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.common.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JarFilesTest {

    private static final long LIMIT = 1024 * 1024;

    @TempDir Path tmp;

    Path root;
    Path jars;
    StorageRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("storage"));
        jars = Files.createDirectories(root.resolve("jars"));
        roots = StorageRoots.forRoot("file://" + root);
    }

    @Test
    void findsAValidJarAndItsMainClass() throws IOException {
        Files.write(jars.resolve("job.jar"), TestJars.jar("com.example.Counter", "v1"));

        StorageLocation jar = JarFiles.requireJar(roots, "file://" + jars, "job.jar");

        assertThat(jar).isEqualTo(loc(jars.resolve("job.jar")));
        assertThat(JarFiles.mainClass(roots, jar)).contains("com.example.Counter");
    }

    @Test
    void mainClassIsEmptyWithoutManifestEntry() throws IOException {
        Files.write(jars.resolve("lib.jar"), TestJars.jar(null, "v1"));

        assertThat(JarFiles.mainClass(roots, JarFiles.requireJar(roots, "jars", "lib.jar")))
                .isEmpty();
    }

    @Test
    void missingJarIsNamedWithItsDirectory() {
        ApiException e =
                rejected(
                        () -> JarFiles.requireJar(roots, "jars", "absent.jar"),
                        "JarNotFound",
                        "jarName");
        assertThat(e.getMessage()).isEqualTo("jar 'absent.jar' not found in file://" + jars);

        rejected(() -> JarFiles.requireJar(roots, "nodir", "absent.jar"), "JarNotFound", "jarName");
    }

    @Test
    void aDirectoryIsNotAJar() throws IOException {
        Files.createDirectories(jars.resolve("dir.jar"));

        rejected(() -> JarFiles.requireJar(roots, "jars", "dir.jar"), "JarNotFound", "jarName");
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws IOException {
        Files.writeString(jars.resolve("job.jar"), "<html>not found</html>");

        ApiException e =
                rejected(
                        () -> JarFiles.requireJar(roots, "jars", "job.jar"),
                        "InvalidJar",
                        "jarName");
        assertThat(e.getMessage()).contains("job.jar");
        Files.write(jars.resolve("zero.jar"), new byte[0]);
        rejected(() -> JarFiles.requireJar(roots, "jars", "zero.jar"), "InvalidJar", "jarName");
        rejected(
                () -> JarFiles.mainClass(roots, loc(jars.resolve("zero.jar"))),
                "InvalidJar",
                "jarName");
    }

    @Test
    void rejectsAnEmptyZip() throws IOException {
        Files.write(jars.resolve("empty.jar"), TestJars.emptyZip());

        ApiException e =
                rejected(
                        () -> JarFiles.requireJar(roots, "jars", "empty.jar"),
                        "InvalidJar",
                        "jarName");
        assertThat(e.getMessage()).contains("empty");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "../job.jar",
                "a/job.jar",
                "a\\job.jar",
                "..",
                ".",
                "job..jar",
                " job.jar"
            })
    void jarNameMustBeAPlainFileName(String name) {
        rejected(
                () -> JarFiles.requireJar(roots, "jars", name), "InvalidRequestContent", "jarName");
    }

    @Test
    void jarDirectoryIsConfined() {
        rejected(
                () -> JarFiles.requireJar(roots, "/etc", "job.jar"),
                "PathOutsideStorage",
                "jobJarDirectory");
        rejected(
                () -> JarFiles.requireJar(roots, "jars/../..", "job.jar"),
                "PathOutsideStorage",
                "jobJarDirectory");
        rejected(
                () -> JarFiles.requireJar(roots, "s3://b/jars", "job.jar"),
                "UnsupportedStorageScheme",
                "jobJarDirectory");
    }

    @Test
    void jarLinkLeadingOutIsRejected() throws IOException {
        Path outside = Files.write(tmp.resolve("other.jar"), TestJars.jar("x.Main", "v1"));
        Files.createSymbolicLink(jars.resolve("job.jar"), outside);

        rejected(
                () -> JarFiles.requireJar(roots, "jars", "job.jar"),
                "PathOutsideStorage",
                "jarName");
    }

    @Test
    void storesIntoANewDirectory() throws IOException {
        byte[] content = TestJars.jar("a.Main", "v1");
        StorageEntry entry =
                JarFiles.storeJar(
                        roots, "file://" + root + "/uploads/team", "job.jar", body(content), LIMIT);
        StorageLocation stored = entry.location();
        assertThat(entry.size()).isEqualTo(content.length);

        assertThat(stored).isEqualTo(loc(root.resolve("uploads/team/job.jar")));
        assertThat(JarFiles.requireJar(roots, "uploads/team", "job.jar")).isEqualTo(stored);
        assertThat(names(root.resolve("uploads/team"))).containsExactly("job.jar");
    }

    @Test
    void uploadReplacesAnExistingJar() throws IOException {
        JarFiles.storeJar(roots, "jars", "job.jar", body(TestJars.jar("a.Main", "v1")), LIMIT);
        byte[] v2 = TestJars.jar("b.Main", "v2");

        StorageLocation stored =
                JarFiles.storeJar(roots, "jars", "job.jar", body(v2), LIMIT).location();

        assertThat(Files.readAllBytes(jars.resolve("job.jar"))).isEqualTo(v2);
        assertThat(JarFiles.mainClass(roots, stored)).contains("b.Main");
        assertThat(names(jars)).containsExactly("job.jar");
    }

    @Test
    void uploadOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] content = TestJars.jar("a.Main", "v1");

        JarFiles.storeJar(roots, "jars", "job.jar", body(content), content.length);

        assertThat(names(jars)).containsExactly("job.jar");
    }

    @Test
    void tooLargeUploadLeavesNothingBehind() throws IOException {
        byte[] content = TestJars.jar("a.Main", "x".repeat(10_000));

        ApiException e =
                rejected(
                        () ->
                                JarFiles.storeJar(
                                        roots,
                                        "fresh/dir",
                                        "job.jar",
                                        body(content),
                                        content.length - 1),
                        413,
                        "JarTooLarge",
                        "jarName");

        assertThat(e.getMessage()).contains("job.jar").contains(String.valueOf(content.length - 1));
        assertThat(root.resolve("fresh")).doesNotExist();
        assertThat(names(root)).containsExactly("jars");
    }

    @Test
    void tooLargeUploadKeepsThePreviousVersion() throws IOException {
        byte[] v1 = TestJars.jar("a.Main", "v1");
        JarFiles.storeJar(roots, "jars", "job.jar", body(v1), LIMIT);

        rejected(
                () -> JarFiles.storeJar(roots, "jars", "job.jar", body(new byte[2048]), 1024),
                413,
                "JarTooLarge",
                "jarName");

        assertThat(Files.readAllBytes(jars.resolve("job.jar"))).isEqualTo(v1);
        assertThat(names(jars)).containsExactly("job.jar");
    }

    @Test
    void invalidUploadLeavesNothingBehind() throws IOException {
        byte[] notAJar = "PK but not really".getBytes(StandardCharsets.UTF_8);

        rejected(
                () -> JarFiles.storeJar(roots, "jars", "job.jar", body(notAJar), LIMIT),
                "InvalidJar",
                "jarName");
        rejected(
                () ->
                        JarFiles.storeJar(
                                roots, "jars", "empty.jar", body(TestJars.emptyZip()), LIMIT),
                "InvalidJar",
                "jarName");

        assertThat(names(jars)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../job.jar",
                "../../etc/cron.d/x.jar",
                "sub/job.jar",
                "..\\job.jar",
                "job.zip",
                "job.JAR",
                ""
            })
    void uploadNameMustBeAPlainJarName(String name) {
        rejected(
                () -> JarFiles.storeJar(roots, "jars", name, body(new byte[0]), LIMIT),
                "InvalidRequestContent",
                "jarName");
        assertThat(names(jars)).isEmpty();
    }

    @Test
    void uploadDirectoryIsConfinedAndADirectory() throws IOException {
        byte[] jar = TestJars.jar("a.Main", "v1");
        Files.writeString(root.resolve("afile"), "x");
        for (String dir : List.of("/tmp/elsewhere", "file://" + root + "/%2e%2e", "jars/../..")) {
            ThrowingCallable upload =
                    () -> JarFiles.storeJar(roots, dir, "job.jar", body(jar), LIMIT);
            rejected(upload, "PathOutsideStorage", "jobJarDirectory");
        }
        for (String dir : List.of("afile", "afile/sub")) {
            ThrowingCallable upload =
                    () -> JarFiles.storeJar(roots, dir, "job.jar", body(jar), LIMIT);
            rejected(upload, "InvalidStoragePath", "jobJarDirectory");
        }
        assertThat(names(root)).containsExactly("afile", "jars");
        assertThat(names(jars)).isEmpty();
    }

    private static StorageLocation loc(Path path) {
        return LocalStorage.location(path);
    }

    private static InputStream body(byte[] content) {
        return new ByteArrayInputStream(content);
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
