package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@link Storage} implementations by URI scheme: a new scheme plugs in by implementing {@link
 * Storage} as a bean. A value without a scheme (a plain path) is local.
 */
@Component
public class StorageSchemes {

    private final Map<String, Storage> byScheme = new HashMap<>();

    public StorageSchemes(List<Storage> storages) {
        for (Storage storage : storages) {
            for (String scheme : storage.schemes()) {
                Storage previous = byScheme.put(scheme.toLowerCase(Locale.ROOT), storage);
                if (previous != null) {
                    throw new IllegalStateException("two storages serve '" + scheme + "'");
                }
            }
        }
    }

    /** Local files only, for code that runs without the application context (tests, tools). */
    public static StorageSchemes local() {
        return new StorageSchemes(List.of(new LocalStorage()));
    }

    /**
     * Every scheme, for checking paths (resolve, confine) where no application context is at hand;
     * its Azure storage has no credentials, so file access must go through the bean instead.
     */
    public static StorageSchemes offline() {
        return new StorageSchemes(
                List.of(new LocalStorage(), new AzureStorage(AzureClients.of("https://invalid"))));
    }

    /** True for an Azure storage URI (abfs, abfss, wasb, wasbs), by its scheme alone. */
    public static boolean isAzure(String uri) {
        if (uri == null || !PathSyntax.hasScheme(uri.strip())) {
            return false;
        }
        String value = uri.strip();
        return AzureLocation.SCHEMES.contains(
                value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT));
    }

    /**
     * The storage serving {@code uri}'s scheme.
     *
     * @throws ApiException 400 {@code UnsupportedStorageScheme} for a scheme without one
     */
    public Storage forUri(String uri) {
        String scheme = PathSyntax.hasScheme(uri) ? uri.substring(0, uri.indexOf(':')) : "file";
        Storage storage = byScheme.get(scheme.toLowerCase(Locale.ROOT));
        if (storage == null) {
            throw new ApiException(
                    400,
                    "UnsupportedStorageScheme",
                    "'"
                            + uri
                            + "' uses the '"
                            + scheme
                            + "' scheme, which Sluice does not support"
                            + " yet; supported are "
                            + String.join(", ", byScheme.keySet()),
                    null);
        }
        return storage;
    }

    /** The storage of {@code location}. */
    public Storage of(StorageLocation location) {
        return forUri(location.uri());
    }

    /**
     * The roots of one cluster's storage.
     *
     * @throws IllegalArgumentException for a root no storage serves or that is not valid
     */
    public StorageRoots roots(String root) {
        return roots(List.of(root));
    }

    /** Several roots of one scheme; the first is the one relative paths resolve against. */
    public StorageRoots roots(List<String> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one storage root is needed");
        }
        String first = roots.get(0) == null ? "" : roots.get(0).strip();
        String scheme =
                PathSyntax.hasScheme(first) ? first.substring(0, first.indexOf(':')) : "file";
        Storage storage = byScheme.get(scheme.toLowerCase(Locale.ROOT));
        if (storage == null) {
            // As before the port: a root no storage serves is a configuration error.
            storage = byScheme.getOrDefault("file", new LocalStorage());
        }
        return new StorageRoots(storage, roots.stream().map(storage::root).toList());
    }
}
