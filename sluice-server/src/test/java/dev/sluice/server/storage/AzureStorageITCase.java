package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.testing.AzuriteServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage port's Azure implementation against Azurite, through both the abfss:// and the
 * wasbs:// form of the same account and container (Sluice reaches both through the Blob endpoint).
 */
class AzureStorageITCase {

    private static final String CONTAINER = "flink";
    private static AzuriteServer azurite;
    private static AzureStorage storage;
    private static BlobContainerClient sdk;

    @BeforeAll
    static void startAzurite() throws IOException {
        azurite = AzuriteServer.start();
        sdk =
                new BlobServiceClientBuilder()
                        .connectionString(azurite.connectionString())
                        .buildClient()
                        .createBlobContainer(CONTAINER);
        AzureClients clients = AzureClients.of("http://127.0.0.1:" + azurite.port() + "/{account}");
        clients.useKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY);
        storage = new AzureStorage(clients);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static StorageLocation root(String scheme) {
        String host = scheme.startsWith("abfs") ? ".dfs." : ".blob.";
        String base = scheme + "://" + CONTAINER + "@" + AzuriteServer.ACCOUNT + host;
        return storage.root(base + "core.windows.net/run-" + UUID.randomUUID());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abfss", "wasbs"})
    void writesStatsReadsListsAndDeletes(String scheme) throws IOException {
        StorageLocation root = root(scheme);
        List<StorageLocation> roots = List.of(root);
        StorageLocation jar = storage.resolve(roots, "jars/job one.jar", "jobJarDirectory");
        assertThat(jar.uri()).startsWith(scheme + "://").endsWith("/jars/job%20one.jar");

        long written = storage.write(jar, bytes("0123456789"), 100, null);

        assertThat(written).isEqualTo(10);
        assertThat(storage.stat(jar)).get().satisfies(e -> assertThat(e.size()).isEqualTo(10));
        assertThat(storage.stat(jar).get().isFile()).isTrue();
        try (InputStream in = storage.read(jar, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("456789");
        }
        // Directories are prefixes: "jars" exists because a blob is in it.
        StorageLocation jars = jar.parent();
        assertThat(storage.stat(jars).get().isDirectory()).isTrue();
        assertThat(storage.list(root))
                .singleElement()
                .satisfies(e -> assertThat(e.name()).isEqualTo("jars"))
                .satisfies(e -> assertThat(e.isDirectory()).isTrue());
        assertThat(storage.list(jars))
                .extracting(StorageEntry::name)
                .containsExactly("job one.jar");
        assertThat(storage.list(jar)).isEmpty();
        try (Storage.LocalCopy copy = storage.localCopy(jar)) {
            assertThat(Files.readString(copy.path())).isEqualTo("0123456789");
        }

        storage.delete(jars);

        assertThat(storage.stat(jar)).isEmpty();
        assertThat(storage.stat(jars)).isEmpty();
        assertThat(storage.list(root)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abfss", "wasbs"})
    void createsEmptyDirectoriesAndAppends(String scheme) throws IOException {
        StorageLocation root = root(scheme);
        StorageLocation logs = root.child("cluster/logs");

        assertThat(storage.createDirectories(logs)).contains(logs);
        assertThat(storage.createDirectories(logs)).isEmpty();
        assertThat(storage.stat(logs).get().isDirectory()).isTrue();
        assertThat(storage.list(root.child("cluster")))
                .singleElement()
                .satisfies(e -> assertThat(e.isDirectory()).isTrue());
        assertThat(storage.list(logs)).isEmpty();

        StorageLocation log = logs.child("jobmanager.log");
        storage.write(log, bytes("line 1\n"), Long.MAX_VALUE, null);
        storage.append(log, bytes("line 2\nextra"), 7);
        try (InputStream in = storage.read(log, 0)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("line 1\nline 2\n");
        }
        assertThat(storage.list(logs))
                .extracting(StorageEntry::name)
                .containsExactly("jobmanager.log");
        assertThat(storage.deleteIfEmpty(logs)).isFalse();
        storage.delete(log);
        assertThat(storage.deleteIfEmpty(logs)).isTrue();
        assertThat(storage.stat(logs)).isEmpty();
    }

    @Test
    void appendsToABlobWrittenInOnePieceByOthers() throws IOException {
        StorageLocation root = root("wasbs");
        StorageLocation log = root.child("taskmanager.log");
        sdk.getBlobClient(AzureLocation.parse(log.uri()).blobName())
                .upload(BinaryData.fromString("from flink\n"));

        storage.append(log, bytes("from sluice\n"), 12);

        try (InputStream in = storage.read(log, 0)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("from flink\nfrom sluice\n");
        }
    }

    @Test
    void abfssAndWasbsNameTheSameBlobs() throws IOException {
        StorageLocation abfss = root("abfss");
        StorageLocation wasbs =
                storage.root(
                        abfss.uri().replace("abfss://", "wasbs://").replace(".dfs.", ".blob."));
        storage.write(abfss.child("savepoint/_metadata"), bytes("meta"), 100, null);

        assertThat(storage.stat(wasbs.child("savepoint/_metadata"))).isPresent();
        // A job path written with the other scheme is inside the root all the same.
        assertThat(
                        storage.resolve(
                                List.of(abfss), wasbs.uri() + "/savepoint", "savepoint.directory"))
                .isEqualTo(wasbs.child("savepoint"));
    }

    @Test
    void aRefusedOrOversizedWriteLeavesNothing() throws IOException {
        StorageLocation root = root("wasbs");
        StorageLocation jar = root.child("job.jar");

        assertThat(storage.write(jar, bytes("0123456789"), 5, null)).isGreaterThan(5);
        assertThatThrownBy(
                        () ->
                                storage.write(
                                        jar,
                                        bytes("not a jar"),
                                        100,
                                        staged -> {
                                            throw new IOException("refused");
                                        }))
                .hasMessage("refused");

        assertThat(storage.stat(jar)).isEmpty();
        assertThat(storage.list(root)).isEmpty();
    }

    @Test
    void missingBlobsContainersAndWrongKeysSayWhat() {
        StorageLocation root = root("wasbs");
        assertThatThrownBy(() -> storage.read(root.child("absent.jar"), 0).read())
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.localCopy(root.child("absent.jar")))
                .isInstanceOf(NoSuchFileException.class);

        StorageLocation noContainer =
                storage.root(
                        "wasbs://nosuch@" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/x");
        assertThatThrownBy(() -> storage.stat(noContainer))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("container 'nosuch' does not exist")
                .hasMessageContaining(noContainer.uri())
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("StorageContainerNotFound");

        AzureClients wrong = AzureClients.of("http://127.0.0.1:" + azurite.port() + "/{account}");
        String wrongKey = "d3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXkgd3Jvbmcga2V5IHdyb25nIGtleQ==";
        wrong.useKey(AzuriteServer.ACCOUNT, wrongKey);
        assertThatThrownBy(() -> new AzureStorage(wrong).list(root))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("storage key")
                .hasMessageContaining(root.uri())
                .hasMessageNotContaining(wrongKey)
                .extracting(e -> ((ApiException) e).code())
                // Azure answers AuthenticationFailed, Azurite AuthorizationFailure.
                .isIn("StorageAuthenticationFailed", "StorageAccessDenied");
    }

    @Test
    void anAccountThatDoesNotAnswerIsAClientError() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        AzureClients nowhere = AzureClients.of("http://127.0.0.1:" + closed + "/{account}");
        nowhere.useKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY);
        StorageLocation root = root("abfss");

        assertThatThrownBy(() -> new AzureStorage(nowhere).stat(root.child("job.jar")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(root.uri())
                .hasMessageContaining("does not answer")
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("StorageUnreachable");
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
