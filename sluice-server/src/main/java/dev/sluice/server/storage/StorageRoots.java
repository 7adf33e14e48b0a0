package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The storage roots clients of one cluster may use, the one way to map a client's URI into them,
 * and the {@link Storage} that reads and writes there.
 */
public final class StorageRoots {

    private final Storage storage;
    private final List<StorageLocation> roots;

    StorageRoots(Storage storage, List<StorageLocation> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one storage root is needed");
        }
        this.storage = storage;
        this.roots = List.copyOf(new LinkedHashSet<>(roots));
    }

    /**
     * The roots of one cluster for checking paths without the application context (validators):
     * resolve and confine work for every scheme, file access only for local roots; elsewhere {@link
     * StorageSchemes#roots} picks the storage by scheme. A root is a URI or an absolute path; a bad
     * root is a server configuration error, so it fails with {@link IllegalArgumentException}.
     */
    public static StorageRoots forRoot(String root) {
        return of(List.of(root));
    }

    /** Several roots of one scheme; the first is the one relative paths resolve against. */
    public static StorageRoots of(List<String> roots) {
        return StorageSchemes.offline().roots(roots);
    }

    /** These roots plus one more (for example a server-wide shared directory). */
    public StorageRoots withRoot(String root) {
        return withRoots(List.of(root));
    }

    /** These roots plus more; the first root stays where relative paths go. */
    public StorageRoots withRoots(List<String> extra) {
        List<StorageLocation> all = new ArrayList<>(roots);
        extra.stream().map(storage::root).forEach(all::add);
        return new StorageRoots(storage, all);
    }

    /** The storage these roots are in. */
    public Storage storage() {
        return storage;
    }

    /** The roots, the primary first. */
    public List<StorageLocation> roots() {
        return roots;
    }

    /** The root relative paths resolve against. */
    public StorageLocation primary() {
        return roots.get(0);
    }

    /**
     * Resolves what a client wrote in {@code field} to a location inside one of the roots.
     *
     * <p>Accepted: {@code file:///abs/path}, {@code file:/abs/path}, {@code /abs/path}, and a
     * relative path such as {@code jars} or {@code savepoints/x}, which is taken relative to the
     * primary root. A {@code ..} segment is refused outright, even where it would stay inside,
     * because a path that needs one is never what a user meant to store at. Symbolic links are
     * followed only as far as they exist now; a later swap of a link is not guarded against.
     *
     * @return the canonical location (symbolic links left as written)
     * @throws ApiException 400 {@code InvalidStoragePath}, {@code UnsupportedStorageScheme} or
     *     {@code PathOutsideStorage}, with {@code field} as target
     */
    public StorageLocation resolve(String uri, String field) {
        return storage.resolve(roots, uri, field);
    }

    /**
     * Checks that a location (for example a file inside a directory {@link #resolve} returned) is
     * in one of the roots, also after following the symbolic links that exist.
     *
     * @throws ApiException 400 {@code PathOutsideStorage} with {@code field} as target
     */
    public StorageLocation confine(StorageLocation location, String field) {
        return storage.confine(roots, location, field);
    }

    /**
     * The canonical {@code file:///...} URI of a local path, for the server's own directories (the
     * embedded cluster's default storage under the data directory).
     */
    public static String toUri(Path path) {
        return LocalStorage.uri(path);
    }

    @Override
    public String toString() {
        return roots.stream()
                .map(StorageLocation::uri)
                .collect(Collectors.joining(", ", "StorageRoots[", "]"));
    }
}
