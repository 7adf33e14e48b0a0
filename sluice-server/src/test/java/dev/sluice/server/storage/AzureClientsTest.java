package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a cluster's write-only storage key is kept, and the endpoint override. */
class AzureClientsTest {

    private static final String ROOT = "wasbs://flink@teststorage.blob.core.windows.net/c1";

    @TempDir Path tmp;

    @Test
    void keepsAStorageKeyInAnOwnerOnlyFileThatOutlivesTheServer() throws IOException {
        Path keys = tmp.resolve("security/azure-storage-keys");
        AzureClients.of("https://{account}.blob.{suffix}", keys).rememberKey(ROOT, " a2V5MQ== ");

        Path file = keys.resolve("teststorage.key");
        assertThat(Files.readString(file)).isEqualTo("a2V5MQ==");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(AzureClients.of("https://{account}.blob.{suffix}", keys).key("teststorage"))
                .isEqualTo("a2V5MQ==");
    }

    @Test
    void aLocalRootOrNoKeyKeepsNothing() throws IOException {
        Path keys = tmp.resolve("keys");
        AzureClients clients = AzureClients.of("https://{account}.blob.{suffix}", keys);
        clients.rememberKey("file:///data/storage", "a2V5MQ==");
        clients.rememberKey(ROOT, " ");
        clients.rememberKey(ROOT, null);

        assertThat(keys).doesNotExist();
        assertThat(clients.key("teststorage")).isNull();
    }

    @Test
    void aKeyWhosePutFailsGivesTheAccountBackItsEarlierKeyOrNone() throws IOException {
        Path keys = tmp.resolve("keys");
        AzureClients clients = AzureClients.of("https://{account}.blob.{suffix}", keys);
        RuntimeException refused = new IllegalStateException("the account refused the key");

        assertThatThrownBy(
                        () ->
                                clients.rememberKeyFor(
                                        ROOT,
                                        "d3Jvbmc=",
                                        () -> {
                                            throw refused;
                                        }))
                .isSameAs(refused);
        assertThat(clients.key("teststorage")).isNull();
        assertThat(keys.resolve("teststorage.key")).doesNotExist();

        assertThat(clients.rememberKeyFor(ROOT, "a2V5MQ==", () -> "created")).isEqualTo("created");
        assertThatThrownBy(
                        () ->
                                clients.rememberKeyFor(
                                        ROOT,
                                        "d3Jvbmc=",
                                        () -> {
                                            throw refused;
                                        }))
                .isSameAs(refused);

        assertThat(clients.key("teststorage")).isEqualTo("a2V5MQ==");
        assertThat(keys.resolve("teststorage.key")).hasContent("a2V5MQ==");
        assertThat(AzureClients.of("https://{account}.blob.{suffix}", keys).key("teststorage"))
                .isEqualTo("a2V5MQ==");
    }

    @Test
    void theEndpointOverrideNamesTheAccount() {
        AzureLocation at = AzureLocation.parse(ROOT);
        assertThat(AzureClients.of("http://127.0.0.1:10000/{account}").endpoint(at))
                .isEqualTo("http://127.0.0.1:10000/teststorage");
        assertThat(AzureClients.of("https://{account}.blob.{suffix}").endpoint(at))
                .isEqualTo("https://teststorage.blob.core.windows.net");
    }
}
