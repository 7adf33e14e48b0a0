package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a cluster's Flink configuration gets for its Azure storage account. */
class AzureFlinkSettingsTest {

    private static final String KEY = "a2V5MQ==";

    @Test
    void anAccountKeyGoesToTheBlobAndTheDfsEndpointOfTheAccountsCloud() {
        AzureClients clients = AzureClients.of("https://{account}.blob.{suffix}");
        clients.useKey("teststorage", " " + KEY + " ");
        AzureStorage storage = new AzureStorage(clients);

        Map<String, String> settings =
                storage.flinkConfiguration(
                        storage.root("abfs://flink@teststorage.dfs.core.chinacloudapi.cn/c1"));

        assertThat(settings)
                .containsExactly(
                        Map.entry(
                                "fs.azure.account.key.teststorage.blob.core.chinacloudapi.cn", KEY),
                        Map.entry(
                                "fs.azure.account.key.teststorage.dfs.core.chinacloudapi.cn", KEY));
    }

    @Test
    void noKeyGivesNothingForEntraIdOrASasFlinkCannotUseSafely() {
        AzureClients clients = AzureClients.of("https://{account}.blob.{suffix}");
        clients.useKey("otheraccount", KEY);
        AzureStorage storage = new AzureStorage(clients);

        assertThat(
                        storage.flinkConfiguration(
                                storage.root("wasbs://flink@teststorage.blob.core.windows.net/")))
                .isEmpty();
    }

    @Test
    void theEmulatorsDevelopmentEndpointTurnsOnWasbEmulatorModeWithoutAKey() {
        AzureClients clients = AzureClients.of("http://127.0.0.1:10000/{account}/");
        clients.useKey("devstoreaccount1", KEY);
        AzureStorage storage = new AzureStorage(clients);

        Map<String, String> settings =
                storage.flinkConfiguration(
                        storage.root("wasb://flink@devstoreaccount1.blob.core.windows.net/c1"));

        assertThat(settings)
                .containsExactly(
                        Map.entry(
                                "fs.azure.storage.emulator.account.name",
                                "devstoreaccount1.blob.core.windows.net"));
    }

    @Test
    void anyOtherEndpointOverrideIsNoEmulatorAndGetsTheKey() {
        AzureClients clients = AzureClients.of("http://127.0.0.1:10001/{account}");
        clients.useKey("devstoreaccount1", KEY);
        AzureStorage storage = new AzureStorage(clients);

        assertThat(
                        storage.flinkConfiguration(
                                storage.root(
                                        "wasb://flink@devstoreaccount1.blob.core.windows.net")))
                .containsOnlyKeys(
                        "fs.azure.account.key.devstoreaccount1.blob.core.windows.net",
                        "fs.azure.account.key.devstoreaccount1.dfs.core.windows.net");
    }

    @Test
    void localStorageNeedsNothing() {
        LocalStorage storage = new LocalStorage();
        assertThat(
                        storage.flinkConfiguration(
                                storage.root(Path.of("/srv/flink").toUri().toString())))
                .isEmpty();
    }
}
