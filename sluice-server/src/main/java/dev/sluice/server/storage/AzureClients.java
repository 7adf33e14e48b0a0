package dev.sluice.server.storage;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The Blob clients of Azure storage accounts and their credentials: an account key (a cluster's
 * {@code storage.storagekey} or {@code sluice.storage.azure.accounts.<account>.key}), a SAS ({@code
 * sluice.storage.azure.accounts.<account>.sas}), or else Entra ID through the SDK's default
 * credential chain. Keys and SAS tokens are held in memory only and never logged.
 */
@Component
public class AzureClients {

    private final String endpointTemplate;
    private final Environment environment;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, BlobServiceClient> clients = new ConcurrentHashMap<>();

    /**
     * @param endpointTemplate the Blob endpoint with {@code {account}} and {@code {suffix}}, e.g.
     *     {@code http://127.0.0.1:10000/{account}} for an emulator
     */
    public AzureClients(
            @Value("${sluice.storage.azure.endpoint:https://{account}.blob.{suffix}}")
                    String endpointTemplate,
            Environment environment) {
        this.endpointTemplate = endpointTemplate;
        this.environment = environment;
    }

    /** Clients with an endpoint template and no server settings, for tests and tools. */
    public static AzureClients of(String endpointTemplate) {
        return new AzureClients(endpointTemplate, null);
    }

    /** Uses {@code key} for {@code account} from now on (a cluster's write-only storage key). */
    public void useKey(String account, String key) {
        if (key == null || key.isBlank()) {
            return;
        }
        String previous = keys.put(account, key.strip());
        if (!key.strip().equals(previous)) {
            clients.keySet().removeIf(k -> k.startsWith(account + "."));
        }
    }

    /** The Blob endpoint of an account, after the endpoint override. */
    String endpoint(AzureLocation location) {
        return endpointTemplate
                .replace("{account}", location.account())
                .replace("{suffix}", location.suffix());
    }

    BlobContainerClient container(AzureLocation location) {
        BlobServiceClient service =
                clients.computeIfAbsent(
                        location.account() + "." + location.suffix(), k -> build(location));
        return service.getBlobContainerClient(location.container());
    }

    private BlobServiceClient build(AzureLocation location) {
        BlobServiceClientBuilder builder =
                new BlobServiceClientBuilder().endpoint(endpoint(location));
        String account = location.account();
        String key = keys.getOrDefault(account, setting(account, "key"));
        String sas = setting(account, "sas");
        if (key != null && !key.isBlank()) {
            builder.credential(new StorageSharedKeyCredential(account, key.strip()));
        } else if (sas != null && !sas.isBlank()) {
            builder.sasToken(sas.strip());
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }

    private String setting(String account, String name) {
        return environment == null
                ? null
                : environment.getProperty("sluice.storage.azure.accounts." + account + "." + name);
    }
}
