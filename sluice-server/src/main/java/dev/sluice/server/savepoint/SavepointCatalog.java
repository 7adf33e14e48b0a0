package dev.sluice.server.savepoint;

import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists and looks up the savepoints Flink wrote into a savepoint directory. */
public final class SavepointCatalog {

    /** Target of errors about the savepoint to start from. */
    public static final String FIELD = "savePointName";

    /** The file Flink writes last; a savepoint without it cannot be restored. */
    static final String METADATA = "_metadata";

    /** How Flink names a checkpoint's directory under the job's checkpoint directory. */
    private static final Pattern CHECKPOINT = Pattern.compile("chk-\\d+");

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
    public static List<SavepointEntry> list(Storage storage, StorageLocation savepointDirectory) {
        try {
            return storage.list(savepointDirectory).stream()
                    .filter(StorageEntry::isDirectory)
                    .map(d -> entry(storage, d))
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
            StorageRoots roots, StorageLocation savepointDirectory, String savePointName) {
        if (savePointName == null || savePointName.isBlank()) {
            throw ApiException.badRequest("InvalidRequestContent", FIELD + " is empty", FIELD);
        }
        String name = savePointName.strip();
        boolean byName = !(name.contains("/") || name.contains("\\") || name.contains(":"));
        StorageLocation location =
                byName ? inDirectory(roots, savepointDirectory, name) : byPath(roots, name);
        Optional<StorageEntry> directory =
                roots.storage().stat(location).filter(StorageEntry::isDirectory);
        if (directory.isEmpty()) {
            String where = byName ? " in " + savepointDirectory.uri() : "";
            String message = "savepoint '" + name + "' not found" + where;
            throw ApiException.badRequest("SavepointNotFound", message, FIELD);
        }
        SavepointEntry entry = entry(roots.storage(), directory.get());
        if (!entry.usable()) {
            String message = "savepoint %s has no %s: it is incomplete or not a savepoint";
            throw ApiException.badRequest(
                    "InvalidSavepoint", message.formatted(entry.uri(), METADATA), FIELD);
        }
        return entry;
    }

    /**
     * Of checkpoints and savepoints (URIs or paths inside {@code roots}), the one completed last by
     * its {@code _metadata} file's time; those gone or outside storage are skipped, and a
     * checkpoint also stands for the checkpoints retained beside it.
     */
    public static Optional<String> newest(StorageRoots roots, Collection<String> restorePoints) {
        // Each candidate's _metadata is looked up once (a network call on Azure storage).
        Map<String, Instant> completed = new LinkedHashMap<>(); // first wins a tie, as before
        restorePoints.stream()
                .filter(p -> p != null)
                .flatMap(p -> Stream.concat(Stream.of(p), retainedBeside(roots, p).stream()))
                .forEach(p -> completed.computeIfAbsent(p, c -> completed(roots, c)));
        return completed.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    /**
     * The retained checkpoints next to {@code restorePoint} when it is one ({@code chk-<n>}):
     * Flink's checkpoint statistics, served from a cache, may still name a checkpoint it has since
     * subsumed and deleted while a newer one sits beside it.
     */
    private static List<String> retainedBeside(StorageRoots roots, String restorePoint) {
        try {
            StorageLocation location = roots.resolve(restorePoint, "restorePoint");
            if (!CHECKPOINT.matcher(location.name()).matches()) {
                return List.of();
            }
            // Spelled as the candidate is (Flink reports file:/x where storage says file:///x).
            String trimmed = restorePoint.replaceAll("/+$", "");
            String prefix = trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
            return roots.storage().list(location.parent()).stream()
                    .filter(e -> e.isDirectory() && CHECKPOINT.matcher(e.name()).matches())
                    .map(e -> prefix + e.name())
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The savepoint at {@code location} (a URI or path Flink reported) as storage has it now; one
     * that cannot be read (outside the roots, gone) is described by its path alone, taken now,
     * usable as Flink reported it complete.
     */
    public static SavepointEntry describe(StorageRoots roots, String location) {
        try {
            StorageLocation resolved = roots.resolve(location, "savepoint");
            Optional<StorageEntry> directory =
                    roots.storage().stat(resolved).filter(StorageEntry::isDirectory);
            if (directory.isPresent()) {
                return entry(roots.storage(), directory.get());
            }
        } catch (RuntimeException e) {
            // Described by its path below.
        }
        String name = location.substring(location.replaceAll("/+$", "").lastIndexOf('/') + 1);
        return new SavepointEntry(name.replace("/", ""), location, Instant.now(), true, 0);
    }

    /** Whether the savepoint at {@code location} has its {@code _metadata} file now. */
    public static boolean usable(StorageRoots roots, String location) {
        return completed(roots, location) != null;
    }

    /** When a checkpoint or savepoint was completed: its {@code _metadata} file's time. */
    private static Instant completed(StorageRoots roots, String location) {
        try {
            StorageLocation metadata = roots.resolve(location, "restorePoint").child(METADATA);
            return roots.storage()
                    .stat(metadata)
                    .filter(StorageEntry::isFile)
                    .map(StorageEntry::modified)
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static StorageLocation inDirectory(
            StorageRoots roots, StorageLocation savepointDirectory, String name) {
        if (name.equals("..") || name.equals(".")) {
            String message = "%s '%s' must name a savepoint in %s";
            throw ApiException.badRequest(
                    "PathOutsideStorage",
                    message.formatted(FIELD, name, savepointDirectory.uri()),
                    FIELD);
        }
        // The entry may be a link leading out of storage.
        return roots.confine(savepointDirectory.child(name), FIELD);
    }

    private static StorageLocation byPath(StorageRoots roots, String uri) {
        StorageLocation location = roots.resolve(uri, FIELD);
        // Flink accepts the _metadata file for its savepoint, and it is what its logs print.
        boolean metadata =
                location.name().equals(METADATA)
                        && roots.storage().stat(location).map(StorageEntry::isFile).orElse(false);
        return metadata ? location.parent() : location;
    }

    /** A listing for a job's output without naming the directory; prefer the other overload. */
    public static String format(List<SavepointEntry> entries) {
        return entries.isEmpty() ? "No savepoints" : lines(entries);
    }

    /**
     * A listing for a job's output: one line per savepoint with its time (to the second) and URI,
     * or a sentence saying the directory has none.
     */
    public static String format(StorageLocation savepointDirectory, List<SavepointEntry> entries) {
        return entries.isEmpty() ? "No savepoints in " + savepointDirectory.uri() : lines(entries);
    }

    /**
     * A listing of a job's savepoints: its history, newest first, one line each with the time, how
     * it was taken, the URI and what became of it; then the directory's savepoints the history does
     * not know (copied in, or taken by a server that stopped before recording them).
     */
    public static String format(
            StorageLocation savepointDirectory,
            List<SavepointRecord> history,
            List<SavepointEntry> directory) {
        Set<String> known = history.stream().map(SavepointRecord::uri).collect(Collectors.toSet());
        List<SavepointEntry> others =
                directory.stream().filter(e -> !known.contains(e.uri())).toList();
        if (history.isEmpty()) {
            return format(savepointDirectory, others);
        }
        StringBuilder text = new StringBuilder();
        for (SavepointRecord r : history) {
            text.append(r.time().truncatedTo(ChronoUnit.SECONDS))
                    .append("  ")
                    .append(r.kind().stored())
                    .append("  ")
                    .append(r.uri())
                    .append(remark(r))
                    .append('\n');
        }
        if (!others.isEmpty()) {
            text.append("Not in the history:\n").append(lines(others)).append('\n');
        }
        return text.toString().strip();
    }

    private static String remark(SavepointRecord r) {
        return switch (r.state()) {
            case DISPOSED -> "  (disposed " + r.disposedAt().truncatedTo(ChronoUnit.SECONDS) + ")";
            case DISPOSE_FAILED -> "  (disposal failed: " + r.disposeError() + ")";
            case AVAILABLE -> r.entry().usable() ? "" : "  (unusable: no " + METADATA + ")";
        };
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

    /**
     * The savepoint in {@code directory}: usable with a {@code _metadata} file (a link does not
     * count), written when that was, sized by the regular files below (links not followed).
     */
    static SavepointEntry entry(Storage storage, StorageEntry directory) {
        StorageEntry metadata = null;
        long size = 0;
        try {
            for (StorageEntry child : storage.list(directory.location())) {
                if (child.isFile() && child.name().equals(METADATA)) {
                    metadata = child;
                }
                size += size(storage, child);
            }
        } catch (IOException e) {
            // Removed while listing (Flink disposes savepoints concurrently): what was read.
        }
        return new SavepointEntry(
                directory.name(),
                directory.location().uri(),
                metadata != null ? metadata.modified() : directory.modified(),
                metadata != null,
                size);
    }

    /** Total size of the regular files at or below {@code entry}, not following links. */
    private static long size(Storage storage, StorageEntry entry) {
        if (entry.isFile()) {
            return entry.size();
        }
        if (!entry.isDirectory()) {
            return 0;
        }
        long total = 0;
        try {
            for (StorageEntry child : storage.list(entry.location())) {
                total += size(storage, child);
            }
        } catch (IOException e) {
            // Vanished or unreadable: count what can be read.
        }
        return total;
    }
}
