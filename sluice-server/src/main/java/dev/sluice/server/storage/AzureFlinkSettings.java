package dev.sluice.server.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Flink configuration that lets Flink's own Azure filesystem ({@code flink-azure-fs-hadoop}:
 * Hadoop 3.3.4's WASB and ABFS drivers) reach a cluster's storage account with what Sluice holds
 * for it. An account key goes to both endpoints' {@code fs.azure.account.key.*}, which Flink masks
 * in its logs. A SAS is not written: the drivers bundled have no fixed-token provider for ABFS, and
 * WASB's {@code fs.azure.sas.<container>.<account>} key is one Flink would log in clear. Entra ID
 * is not written either (WASB has none; ABFS OAuth keys are the user's to give). An endpoint
 * override that is the storage emulator's development endpoint turns on WASB's emulator mode.
 */
final class AzureFlinkSettings {

    static final String KEY_PREFIX = "fs.azure.account.key.";
    static final String EMULATOR_ACCOUNT = "fs.azure.storage.emulator.account.name";

    // The azure-storage SDK inside Hadoop's WASB driver hard-wires the emulator to this endpoint
    // (CloudStorageAccount.getDevelopmentStorageAccount()), whatever the URI names.
    private static final Set<String> EMULATOR_ENDPOINTS =
            Set.of(
                    "http://127.0.0.1:10000/devstoreaccount1",
                    "http://localhost:10000/devstoreaccount1");

    private final AzureClients clients;

    AzureFlinkSettings(AzureClients clients) {
        this.clients = clients;
    }

    /** The keys for the account of {@code root}; empty when Sluice holds nothing to give. */
    Map<String, String> forRoot(StorageLocation root) {
        AzureLocation location = AzureLocation.parse(root.uri());
        String blobHost = location.account() + ".blob." + location.suffix();
        Map<String, String> settings = new LinkedHashMap<>();
        if (emulator(location)) {
            // Hadoop compares the whole host after '@' with this setting.
            settings.put(EMULATOR_ACCOUNT, blobHost);
            return settings;
        }
        String key = clients.key(location.account());
        if (key != null && !key.isBlank()) {
            settings.put(KEY_PREFIX + blobHost, key.strip());
            settings.put(
                    KEY_PREFIX + location.account() + ".dfs." + location.suffix(), key.strip());
        }
        return settings;
    }

    private boolean emulator(AzureLocation location) {
        String endpoint = clients.endpoint(location);
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        return EMULATOR_ENDPOINTS.contains(endpoint);
    }
}
