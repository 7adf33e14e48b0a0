package dev.sluice.server.storage;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.sluice.server.common.SluiceProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
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
    private final Path keyDirectory;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, BlobServiceClient> clients = new ConcurrentHashMap<>();

    /**
     * @param endpointTemplate the Blob endpoint with {@code {account}} and {@code {suffix}}, e.g.
     *     {@code http://127.0.0.1:10000/{account}} for an emulator
     */
    @Autowired
    public AzureClients(
            @Value("${sluice.storage.azure.endpoint:https://{account}.blob.{suffix}}")
                    String endpointTemplate,
            Environment environment,
            SluiceProperties properties) {
        this(
                endpointTemplate,
                environment,
                properties.dataDir().resolve("security").resolve("azure-storage-keys"));
    }

    private AzureClients(String endpointTemplate, Environment environment, Path keyDirectory) {
        this.endpointTemplate = endpointTemplate;
        this.environment = environment;
        this.keyDirectory = keyDirectory;
    }

    /** Clients with an endpoint template and no server settings, for tests and tools. */
    public static AzureClients of(String endpointTemplate) {
        return new AzureClients(endpointTemplate, null, (Path) null);
    }

    /** As {@link #of}, keeping the keys it is given in 0600 files in {@code keyDirectory}. */
    public static AzureClients of(String endpointTemplate, Path keyDirectory) {
        return new AzureClients(endpointTemplate, null, keyDirectory);
    }

    /**
     * Keeps a cluster's write-only {@code storage.storagekey} for the account of its Azure {@code
     * storageUri}: in memory and in a 0600 file under the data directory, so it survives a restart
     * without ever being part of the cluster's stored body. Nothing for a local root or no key.
     */
    public void rememberKey(String storageUri, String key) throws IOException {
        if (key == null || key.isBlank() || !StorageSchemes.isAzure(storageUri)) {
            return;
        }
        String account = AzureLocation.parse(storageUri.strip()).account();
        if (keyDirectory != null && !key.strip().equals(keys.get(account))) {
            PrivateFiles.write(keyDirectory.resolve(account + ".key"), key.strip());
        }
        useKey(account, key);
    }

    /**
     * Keeps {@code key} as {@link #rememberKey} does while {@code use} runs, and only if it
     * succeeds: a PUT with a key the account refuses must not take the account away from the
     * clusters that use it with the right one. On failure the key held before is back.
     */
    public <T> T rememberKeyFor(String storageUri, String key, Supplier<T> use) throws IOException {
        if (key == null || key.isBlank() || !StorageSchemes.isAzure(storageUri)) {
            return use.get();
        }
        String account = AzureLocation.parse(storageUri.strip()).account();
        String before = held(account);
        rememberKey(storageUri, key);
        try {
            return use.get();
        } catch (RuntimeException | Error e) {
            restore(account, before);
            throw e;
        }
    }

    private void restore(String account, String before) throws IOException {
        if (before != null) {
            if (keyDirectory != null) {
                PrivateFiles.write(keyDirectory.resolve(account + ".key"), before);
            }
            useKey(account, before);
            return;
        }
        if (keyDirectory != null) {
            Files.deleteIfExists(keyDirectory.resolve(account + ".key"));
        }
        keys.remove(account);
        clients.keySet().removeIf(k -> k.startsWith(account + "."));
    }

    /** The key Sluice holds for an account (a cluster's storage key or a setting); else null. */
    String key(String account) {
        String key = held(account);
        return key != null ? key : setting(account, "key");
    }

    /** The key a cluster gave for the account (in memory or its file); else null. */
    private String held(String account) {
        String key = keys.get(account);
        if (key == null && keyDirectory != null) {
            Path file = keyDirectory.resolve(account + ".key");
            try {
                if (PrivateFiles.exists(file)) {
                    PrivateFiles.restrict(file);
                    key = PrivateFiles.read(file).strip();
                    keys.putIfAbsent(account, key);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key file of account " + account, e);
            }
        }
        return key;
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
        String key = key(account);
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
