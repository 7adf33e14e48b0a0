package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageSchemes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a local application cluster gets its jar and arguments. */
class ApplicationLaunchTest {

    private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
    private static final StorageSchemes LOCAL = StorageSchemes.local();

    @TempDir Path dir;

    @Test
    void theJarIsCopiedOncePerJobIdAndTheProgramArgumentsComeLast() throws IOException {
        Path jar = Files.writeString(dir.resolve("job.jar"), "v1");
        Path cluster = dir.resolve("cluster");
        LocalClusterSpec.Application app =
                new LocalClusterSpec.Application(
                        jar.toString(), "a.Main", List.of("-s", "x"), JOB_ID, "file:///sp/1");

        List<String> args = ApplicationLaunch.arguments(app, cluster, LOCAL);
        Files.writeString(jar, "v2");
        ApplicationLaunch.arguments(app, cluster, LOCAL);

        Path copy = cluster.resolve("usrlib").resolve(JOB_ID + ".jar");
        assertThat(copy).hasContent("v1");
        assertThat(args)
                .containsExactly(
                        "--jars",
                        "local://" + copy,
                        "--job-classname",
                        "a.Main",
                        "--job-id",
                        JOB_ID,
                        "--fromSavepoint",
                        "file:///sp/1",
                        "--",
                        "-s",
                        "x");

        String other = "fedcba9876543210fedcba9876543210";
        ApplicationLaunch.arguments(
                new LocalClusterSpec.Application(jar.toString(), "a.Main", null, other, null),
                cluster,
                LOCAL);
        assertThat(cluster.resolve("usrlib").resolve(other + ".jar")).hasContent("v2");
        assertThat(copy).doesNotExist();
    }

    @Test
    void aJarInRemoteStorageIsFetchedThroughTheStoragePortAndItsCopyReleased() throws IOException {
        Path download = Files.writeString(dir.resolve("download.jar"), "remote");
        List<String> fetched = new ArrayList<>();
        List<String> released = new ArrayList<>();
        String uri = "wasb://flink@account.blob.core.windows.net/jars/job.jar";
        StorageSchemes remote =
                new StorageSchemes(List.of(new DownloadingStorage(download, fetched, released)));
        Path cluster = dir.resolve("cluster");

        ApplicationLaunch.arguments(
                new LocalClusterSpec.Application(uri, "a.Main", null, JOB_ID, null),
                cluster,
                remote);

        assertThat(cluster.resolve("usrlib").resolve(JOB_ID + ".jar")).hasContent("remote");
        assertThat(fetched).containsExactly(uri);
        assertThat(released).containsExactly(uri);
    }

    @Test
    void theJobManagerOutlivesItsJob() {
        assertThat(ApplicationLaunch.configuration(dir))
                .containsEntry("execution.shutdown-on-application-finish", "false")
                .containsEntry("user.artifacts.base-dir", dir.resolve("artifacts").toString());
    }

    /** A remote storage whose only file operation is a download of one prepared file. */
    private record DownloadingStorage(Path file, List<String> fetched, List<String> released)
            implements Storage {

        @Override
        public Set<String> schemes() {
            return Set.of("wasb");
        }

        @Override
        public LocalCopy localCopy(StorageLocation location) {
            fetched.add(location.uri());
            return new LocalCopy() {
                @Override
                public Path path() {
                    return file;
                }

                @Override
                public void close() {
                    released.add(location.uri());
                }
            };
        }

        @Override
        public StorageLocation root(String root) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StorageLocation resolve(List<StorageLocation> roots, String value, String field) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StorageLocation confine(
                List<StorageLocation> roots, StorageLocation location, String field) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StorageEntry> stat(StorageLocation location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StorageEntry> list(StorageLocation directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream read(StorageLocation file, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(
                StorageLocation file, InputStream body, long maxBytes, StagedCheck check) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void append(StorageLocation file, InputStream body, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StorageLocation> createDirectories(StorageLocation directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(StorageLocation location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteIfEmpty(StorageLocation directory) {
            throw new UnsupportedOperationException();
        }
    }
}
