package dev.sluice.server.storage;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The storage port on Azure storage ({@code abfs}, {@code abfss}, {@code wasb}, {@code wasbs}), all
 * through the Blob endpoint, which ADLS Gen2 accounts serve too. Directories are blob name
 * prefixes; a directory Sluice creates gets the zero-length marker blob with {@code
 * hdi_isfolder=true} that Hadoop's drivers write, so it exists before anything is in it.
 */
@Component
public final class AzureStorage implements Storage {

    private static final String FOLDER_MARKER = "hdi_isfolder";

    private final AzureClients clients;
    private final AzureFlinkSettings flinkSettings;

    public AzureStorage(AzureClients clients) {
        this.clients = clients;
        this.flinkSettings = new AzureFlinkSettings(clients);
    }

    @Override
    public Map<String, String> flinkConfiguration(StorageLocation root) {
        return flinkSettings.forRoot(root);
    }

    @Override
    public Set<String> schemes() {
        return AzureLocation.SCHEMES;
    }

    @Override
    public StorageLocation root(String root) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("storage root is empty");
        }
        try {
            return AzureLocation.parse(root.strip()).location();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("storage root '" + root + "' " + e.getMessage());
        }
    }

    @Override
    public StorageLocation resolve(List<StorageLocation> roots, String value, String field) {
        return AzureConfinement.resolve(roots, value, field);
    }

    @Override
    public StorageLocation confine(
            List<StorageLocation> roots, StorageLocation location, String field) {
        return AzureConfinement.confine(roots, location, field);
    }

    @Override
    public Optional<StorageEntry> stat(StorageLocation location) {
        AzureLocation at = AzureLocation.parse(location.uri());
        return call(
                location,
                () -> {
                    BlobContainerClient container = clients.container(at);
                    if (at.path().equals("/")) {
                        return container.exists()
                                ? Optional.of(directory(location, Instant.EPOCH))
                                : Optional.empty();
                    }
                    BlobClient blob = container.getBlobClient(at.blobName());
                    try {
                        BlobProperties properties = blob.getProperties();
                        if (isMarker(properties.getMetadata())) {
                            return Optional.of(
                                    directory(location, properties.getLastModified().toInstant()));
                        }
                        return Optional.of(
                                new StorageEntry(
                                        location,
                                        StorageEntry.Kind.FILE,
                                        properties.getBlobSize(),
                                        properties.getLastModified().toInstant()));
                    } catch (BlobStorageException e) {
                        if (e.getStatusCode() != 404 || containerMissing(e)) {
                            throw e;
                        }
                    }
                    ListBlobsOptions one =
                            new ListBlobsOptions()
                                    .setPrefix(at.directoryPrefix())
                                    .setMaxResultsPerPage(1);
                    for (BlobItem ignored : container.listBlobs(one, null)) {
                        return Optional.of(directory(location, Instant.EPOCH));
                    }
                    return Optional.empty();
                });
    }

    @Override
    public List<StorageEntry> list(StorageLocation directory) throws IOException {
        AzureLocation at = AzureLocation.parse(directory.uri());
        return callIo(
                directory,
                () -> {
                    ListBlobsOptions options =
                            new ListBlobsOptions()
                                    .setPrefix(at.directoryPrefix())
                                    .setDetails(new BlobListDetails().setRetrieveMetadata(true));
                    // A marker blob and the prefix of what is in it name one directory.
                    Map<String, StorageEntry> entries = new LinkedHashMap<>();
                    for (BlobItem item :
                            clients.container(at).listBlobsByHierarchy("/", options, null)) {
                        String name = item.getName();
                        if (name.endsWith("/")) {
                            name = name.substring(0, name.length() - 1);
                        }
                        StorageLocation child = at.withPath("/" + name).location();
                        boolean isDirectory =
                                Boolean.TRUE.equals(item.isPrefix())
                                        || isMarker(item.getMetadata());
                        // A prefix has no properties of its own.
                        Instant modified =
                                Boolean.TRUE.equals(item.isPrefix())
                                        ? Instant.EPOCH
                                        : item.getProperties().getLastModified().toInstant();
                        entries.merge(
                                name,
                                isDirectory
                                        ? directory(child, modified)
                                        : new StorageEntry(
                                                child,
                                                StorageEntry.Kind.FILE,
                                                item.getProperties().getContentLength(),
                                                modified),
                                (a, b) -> a.isDirectory() ? a : b);
                    }
                    return new ArrayList<>(entries.values());
                });
    }

    @Override
    public InputStream read(StorageLocation file, long offset) throws IOException {
        AzureLocation at = AzureLocation.parse(file.uri());
        return callIo(
                file,
                () -> {
                    BlobClient blob = clients.container(at).getBlobClient(at.blobName());
                    return blob.openInputStream(new BlobRange(offset), null);
                });
    }

    @Override
    public long write(StorageLocation file, InputStream body, long maxBytes, StagedCheck check)
            throws IOException {
        AzureLocation at = AzureLocation.parse(file.uri());
        // Staged locally: the check sees the whole body before anything reaches the account, and
        // the committed block list makes the blob change at once.
        Path staged = Files.createTempFile("sluice-azure-", ".part");
        try {
            long size = AzureBlocks.copy(body, staged, maxBytes);
            if (size > maxBytes) {
                return size;
            }
            if (check != null) {
                check.check(new TempCopy(staged, false));
            }
            BlockBlobClient blob = blockBlob(at);
            callIo(
                    file,
                    () -> {
                        try (InputStream in = Files.newInputStream(staged)) {
                            blob.commitBlockList(AzureBlocks.stage(blob, in, size), true);
                        }
                        return null;
                    });
            return size;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public void append(StorageLocation file, InputStream body, long length) throws IOException {
        AzureLocation at = AzureLocation.parse(file.uri());
        BlockBlobClient blob = blockBlob(at);
        callIo(
                file,
                () -> {
                    long size = blob.getProperties().getBlobSize();
                    List<String> ids = new ArrayList<>();
                    long inBlocks = 0;
                    for (Block block :
                            blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks()) {
                        ids.add(block.getName());
                        inBlocks += block.getSizeLong();
                    }
                    if (inBlocks != size) {
                        // Written in one piece by someone else: no blocks to add to, so the old
                        // content becomes the first block.
                        ids.clear();
                        try (InputStream old = blob.openInputStream()) {
                            ids.addAll(AzureBlocks.stage(blob, old, size));
                        }
                    }
                    ids.addAll(AzureBlocks.stage(blob, body, length));
                    blob.commitBlockList(ids, true);
                    return null;
                });
    }

    @Override
    public Optional<StorageLocation> createDirectories(StorageLocation directory)
            throws IOException {
        AzureLocation at = AzureLocation.parse(directory.uri());
        if (at.path().equals("/") || stat(directory).isPresent()) {
            return Optional.empty();
        }
        return callIo(
                directory,
                () -> {
                    BlobClient marker = clients.container(at).getBlobClient(at.blobName());
                    marker.upload(BinaryData.fromBytes(new byte[0]), true);
                    marker.setMetadata(Map.of(FOLDER_MARKER, "true"));
                    return Optional.of(directory);
                });
    }

    @Override
    public void delete(StorageLocation location) throws IOException {
        AzureLocation at = AzureLocation.parse(location.uri());
        callIo(
                location,
                () -> {
                    BlobContainerClient container = clients.container(at);
                    ListBlobsOptions below = new ListBlobsOptions().setPrefix(at.directoryPrefix());
                    for (BlobItem item : container.listBlobs(below, null)) {
                        container.getBlobClient(item.getName()).deleteIfExists();
                    }
                    if (!at.path().equals("/")) {
                        container.getBlobClient(at.blobName()).deleteIfExists();
                    }
                    return null;
                });
    }

    @Override
    public boolean deleteIfEmpty(StorageLocation directory) throws IOException {
        AzureLocation at = AzureLocation.parse(directory.uri());
        return callIo(
                directory,
                () -> {
                    BlobContainerClient container = clients.container(at);
                    ListBlobsOptions one =
                            new ListBlobsOptions()
                                    .setPrefix(at.directoryPrefix())
                                    .setMaxResultsPerPage(1);
                    for (BlobItem ignored : container.listBlobs(one, null)) {
                        return false;
                    }
                    return !at.path().equals("/")
                            && container.getBlobClient(at.blobName()).deleteIfExists();
                });
    }

    @Override
    public LocalCopy localCopy(StorageLocation file) throws IOException {
        AzureLocation at = AzureLocation.parse(file.uri());
        Path temp = Files.createTempFile("sluice-azure-", "-" + safeName(at));
        try {
            callIo(
                    file,
                    () -> {
                        BlobClient blob = clients.container(at).getBlobClient(at.blobName());
                        if (isMarker(blob.getProperties().getMetadata())) {
                            throw new UncheckedIOException(new NoSuchFileException(file.uri()));
                        }
                        try (OutputStream out = Files.newOutputStream(temp)) {
                            blob.downloadStream(out);
                        }
                        return null;
                    });
            return new TempCopy(temp, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private BlockBlobClient blockBlob(AzureLocation at) {
        return clients.container(at).getBlobClient(at.blobName()).getBlockBlobClient();
    }

    private static boolean isMarker(Map<String, String> metadata) {
        return metadata != null
                && metadata.entrySet().stream()
                        .anyMatch(
                                e ->
                                        e.getKey().equalsIgnoreCase(FOLDER_MARKER)
                                                && "true".equalsIgnoreCase(e.getValue()));
    }

    private static StorageEntry directory(StorageLocation location, Instant modified) {
        return new StorageEntry(location, StorageEntry.Kind.DIRECTORY, 0, modified);
    }

    private static String safeName(AzureLocation at) {
        String name = at.path().substring(at.path().lastIndexOf('/') + 1);
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A call whose I/O failures surface as {@link IOException}. */
    private static <T> T callIo(StorageLocation location, IoCall<T> call) throws IOException {
        try {
            return call(
                    location,
                    () -> {
                        try {
                            return call.run();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Runs a call of the SDK, turning what a user can act on (a missing container, a wrong key, no
     * permission) into a 400 naming the URI and the cause, a missing blob into {@link
     * NoSuchFileException}; never with the key or a SAS in the message.
     */
    private static <T> T call(StorageLocation location, Supplier<T> call) {
        try {
            return call.get();
        } catch (BlobStorageException e) {
            throw AzureErrors.translate(location, e);
        } catch (ClientAuthenticationException e) {
            throw AzureErrors.noCredential(location);
        } catch (ApiException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SDK's own failures (no such host, connection refused or cut): never a 500.
            throw AzureErrors.unreachable(location, e);
        }
    }

    private static boolean containerMissing(BlobStorageException e) {
        return AzureErrors.code(e).equals("ContainerNotFound");
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    /** A downloaded or staged copy; a download is removed on close. */
    private record TempCopy(Path path, boolean owned) implements LocalCopy {
        @Override
        public void close() throws IOException {
            if (owned) {
                Files.deleteIfExists(path);
            }
        }
    }
}
