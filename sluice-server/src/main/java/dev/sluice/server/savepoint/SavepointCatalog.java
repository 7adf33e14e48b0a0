package dev.sluice.server.savepoint;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists and looks up the savepoints Flink wrote into a savepoint directory. */
public final class SavepointCatalog {

    /** Target of errors about the savepoint to start from. */
    public static final String FIELD = "savePointName";

    /** The file Flink writes last; a savepoint without it cannot be restored. */
    static final String METADATA = "_metadata";

    private static final Comparator<SavepointEntry> NEWEST_FIRST =
            Comparator.comparing(SavepointEntry::time)
                    .thenComparing(SavepointEntry::name)
                    .reversed();

    private SavepointCatalog() {}

    /**
     * The directories directly under {@code savepointDirectory}, newest first. Flink names them
     * {@code savepoint-<6 hex of the job id>-<12 hex>}, but any directory is listed, since a user
     * may have copied one in under another name; those without {@code _metadata} are flagged
     * unusable. An absent directory has no savepoints.
     */
    public static List<SavepointEntry> list(Path savepointDirectory) {
        if (!Files.isDirectory(savepointDirectory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(savepointDirectory)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(SavepointCatalog::entry)
                    .sorted(NEWEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list savepoints in " + savepointDirectory, e);
        }
    }

    /**
     * The savepoint a job should start from. {@code savePointName} is either the name of a
     * directory in {@code savepointDirectory} or a URI or path (anything with a '/' or ':'), which
     * must lie inside {@code roots}; a path to the savepoint's {@code _metadata} file is taken as
     * its directory, as Flink does.
     *
     * @throws ApiException 400 {@code SavepointNotFound}, {@code InvalidSavepoint}, {@code
     *     InvalidRequestContent}, or any of {@link StorageRoots#resolve}'s, target {@value FIELD}
     */
    public static SavepointEntry resolve(
            StorageRoots roots, Path savepointDirectory, String savePointName) {
        if (savePointName == null || savePointName.isBlank()) {
            throw ApiException.badRequest("InvalidRequestContent", FIELD + " is empty", FIELD);
        }
        String name = savePointName.strip();
        boolean byName = !(name.contains("/") || name.contains("\\") || name.contains(":"));
        Path path = byName ? inDirectory(roots, savepointDirectory, name) : byPath(roots, name);
        if (!Files.isDirectory(path)) {
            String where = byName ? " in " + StorageRoots.toUri(savepointDirectory) : "";
            String message = "savepoint '" + name + "' not found" + where;
            throw ApiException.badRequest("SavepointNotFound", message, FIELD);
        }
        SavepointEntry entry = entry(path);
        if (!entry.usable()) {
            String message = "savepoint %s has no %s: it is incomplete or not a savepoint";
            throw ApiException.badRequest(
                    "InvalidSavepoint", message.formatted(entry.uri(), METADATA), FIELD);
        }
        return entry;
    }

    private static Path inDirectory(StorageRoots roots, Path savepointDirectory, String name) {
        if (name.equals("..") || name.equals(".")) {
            String message = "%s '%s' must name a savepoint in %s";
            throw ApiException.badRequest(
                    "PathOutsideStorage",
                    message.formatted(FIELD, name, StorageRoots.toUri(savepointDirectory)),
                    FIELD);
        }
        // The entry may be a link leading out of storage.
        return roots.confine(savepointDirectory.resolve(name), FIELD);
    }

    private static Path byPath(StorageRoots roots, String uri) {
        Path path = roots.resolve(uri, FIELD);
        // Flink accepts the _metadata file for its savepoint, and it is what its logs print.
        boolean metadata =
                path.getFileName() != null && path.getFileName().toString().equals(METADATA);
        return metadata && Files.isRegularFile(path) ? path.getParent() : path;
    }

    /** A listing for a job's output without naming the directory; prefer the other overload. */
    public static String format(List<SavepointEntry> entries) {
        return entries.isEmpty() ? "No savepoints" : lines(entries);
    }

    /**
     * A listing for a job's output: one line per savepoint with its time (to the second) and URI,
     * or a sentence saying the directory has none.
     */
    public static String format(Path savepointDirectory, List<SavepointEntry> entries) {
        return entries.isEmpty()
                ? "No savepoints in " + StorageRoots.toUri(savepointDirectory)
                : lines(entries);
    }

    private static String lines(List<SavepointEntry> entries) {
        return entries.stream()
                .map(
                        e ->
                                e.time().truncatedTo(ChronoUnit.SECONDS)
                                        + "  "
                                        + e.uri()
                                        + (e.usable() ? "" : "  (unusable: no " + METADATA + ")"))
                .collect(Collectors.joining("\n"));
    }

    static SavepointEntry entry(Path directory) {
        Path metadata = directory.resolve(METADATA);
        boolean usable = Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS);
        return new SavepointEntry(
                directory.getFileName().toString(),
                StorageRoots.toUri(directory),
                modified(usable ? metadata : directory),
                usable,
                size(directory));
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            // Removed while listing (Flink disposes savepoints concurrently): sort it last.
            return Instant.EPOCH;
        }
    }

    /** Total size of the regular files below, not following links out of the savepoint. */
    private static long size(Path directory) {
        long[] total = {0};
        try {
            Files.walkFileTree(
                    directory,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile()) {
                                total[0] += attrs.size();
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // Vanished or unreadable: count what can be read.
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // Only the start can fail here; a savepoint gone meanwhile has no size.
        }
        return total[0];
    }
}
