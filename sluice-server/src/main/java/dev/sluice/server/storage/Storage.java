package dev.sluice.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage port: where jars, savepoints, checkpoints and logs live, addressed by URI. One
 * implementation per URI scheme, registered as a bean and found through {@link StorageSchemes};
 * {@link LocalStorage} serves {@code file:}.
 */
public interface Storage {

    /** The URI schemes served, lower case, such as {@code file}. */
    Set<String> schemes();

    /**
     * A storage root from configuration (a cluster's {@code storageUri}, a server setting).
     *
     * @throws IllegalArgumentException when it is not a valid root of this scheme
     */
    StorageLocation root(String root);

    /**
     * Resolves what a client wrote in {@code field} (a URI, an absolute path, or a path relative to
     * the first root) to a location inside one of {@code roots}. A {@code ..} segment, also
     * percent-encoded, is refused even where it would stay inside.
     *
     * @throws dev.sluice.server.common.ApiException 400 {@code InvalidStoragePath}, {@code
     *     UnsupportedStorageScheme} or {@code PathOutsideStorage}, with {@code field} as target
     */
    StorageLocation resolve(List<StorageLocation> roots, String value, String field);

    /**
     * Checks that a location (for example an entry of a resolved directory) is inside one of {@code
     * roots}, also after following what links exist.
     *
     * @throws dev.sluice.server.common.ApiException 400 {@code PathOutsideStorage}
     */
    StorageLocation confine(List<StorageLocation> roots, StorageLocation location, String field);

    /** The file or directory, following links; empty when there is none. */
    Optional<StorageEntry> stat(StorageLocation location);

    /**
     * The entries directly in a directory, unsorted, links not followed; empty when it is not a
     * directory.
     */
    List<StorageEntry> list(StorageLocation directory) throws IOException;

    /** Reads a file from {@code offset} on; the caller closes the stream. */
    InputStream read(StorageLocation file, long offset) throws IOException;

    /**
     * Replaces {@code file} atomically with {@code body}: readers see the old content or the new,
     * never part of it. The body goes to a hidden staging file beside the target first; {@code
     * check} (may be null) sees it before it replaces the target and may refuse it by throwing. The
     * directory must exist. On any failure nothing is left behind.
     *
     * @return the bytes written; more than {@code maxBytes} when the body is larger, in which case
     *     nothing is stored
     */
    long write(StorageLocation file, InputStream body, long maxBytes, StagedCheck check)
            throws IOException;

    /** Appends {@code body} to an existing file (log copies resume where they stopped). */
    void append(StorageLocation file, InputStream body, long length) throws IOException;

    /**
     * Creates a directory and its missing parents; a no-op where directories are implicit.
     *
     * @return the topmost directory created, empty when all existed
     */
    Optional<StorageLocation> createDirectories(StorageLocation directory) throws IOException;

    /** Deletes a file or a whole directory tree; nothing when it does not exist. */
    void delete(StorageLocation location) throws IOException;

    /** Deletes a directory only when it is empty; false when it is not (or is missing). */
    boolean deleteIfEmpty(StorageLocation directory) throws IOException;

    /**
     * The file as a local file for what needs one (Flink's jar upload, reading a jar's central
     * directory): the file itself where it is local, else a temporary copy removed on close.
     */
    LocalCopy localCopy(StorageLocation file) throws IOException;

    /**
     * What Flink's own filesystem for this scheme needs in a cluster's Flink configuration to reach
     * {@code root} with the credentials Sluice holds (secrets included: the caller writes them only
     * to owner-only files and never returns or logs them); empty where Flink needs nothing.
     */
    default Map<String, String> flinkConfiguration(StorageLocation root) {
        return Map.of();
    }

    /** A check of a staged write before it replaces its target. */
    @FunctionalInterface
    interface StagedCheck {
        void check(LocalCopy staged) throws IOException;
    }

    /** A local file holding a storage file's content, released on close. */
    interface LocalCopy extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }
}
