package dev.sluice.server.logs;

import dev.sluice.api.ClusterLogs;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.LogAggregation;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The read side of job log aggregation: the aggregated files of a cluster and their tails. */
@Service
public class ClusterLogFiles {

    public static final int MAX_TAIL_LINES = 10_000;

    // A tail reads backwards at most this far, so a huge log cannot exhaust memory.
    private static final int MAX_TAIL_BYTES = 8 * 1024 * 1024;

    private final ClusterRegistry clusters;

    ClusterLogFiles(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    /** The cluster's aggregation settings and its aggregated files by name. */
    public ClusterLogs list(ArmId id) {
        ClusterRecord cluster = clusters.find(id);
        LogAggregation settings = settings(cluster);
        Storage storage = clusters.roots(cluster).storage();
        List<ClusterLogs.LogFile> files = new ArrayList<>();
        boolean exists;
        try {
            exists =
                    storage.stat(settings.directory()).map(StorageEntry::isDirectory).orElse(false);
            for (StorageEntry entry : storage.list(settings.directory())) {
                // A link counts as what it leads to.
                StorageEntry file =
                        entry.kind() == StorageEntry.Kind.OTHER
                                ? storage.stat(entry.location()).orElse(entry)
                                : entry;
                if (file.isFile() && !entry.name().startsWith(".")) {
                    files.add(
                            new ClusterLogs.LogFile(
                                    entry.name(), file.size(), file.modified().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + settings.directory(), e);
        }
        files.sort(Comparator.comparing(ClusterLogs.LogFile::name));
        // An existing directory's URI ends in '/', as it always has in this answer.
        String directory = settings.directory().uri() + (exists ? "/" : "");
        return new ClusterLogs(
                settings.enabled(), directory, settings.interval().toSeconds(), files);
    }

    /**
     * The last {@code lines} lines of an aggregated log.
     *
     * @throws ApiException 404 {@code LogNotFound} when there is no such file, 400 for a name that
     *     is not a plain file name or a line count out of range
     */
    public String tail(ArmId id, String fileName, int lines) {
        if (lines < 1 || lines > MAX_TAIL_LINES) {
            throw ApiException.badRequest(
                    "InvalidParameter", "tail must be between 1 and " + MAX_TAIL_LINES, "tail");
        }
        if (fileName.isBlank()
                || fileName.startsWith(".")
                || fileName.contains("/")
                || fileName.contains("\\")) {
            throw ApiException.badRequest(
                    "InvalidParameter", "'" + fileName + "' is not a log file name", "fileName");
        }
        ClusterRecord cluster = clusters.find(id);
        StorageLocation file = settings(cluster).directory().child(fileName);
        Storage storage = clusters.roots(cluster).storage();
        Optional<StorageEntry> entry = storage.stat(file).filter(StorageEntry::isFile);
        if (entry.isEmpty()) {
            throw ApiException.notFound(
                    "LogNotFound",
                    "No aggregated log '" + fileName + "' of cluster '" + cluster.name() + "'");
        }
        return tail(storage, file, entry.get().size(), lines);
    }

    private LogAggregation settings(ClusterRecord cluster) {
        return LogAggregation.of(cluster, clusters.flinkConfiguration(cluster));
    }

    /**
     * The last lines of a file: the bytes after its ({@code lines} + 1)-th line break from the end,
     * read in growing windows from the end, at most {@link #MAX_TAIL_BYTES}.
     */
    private static String tail(Storage storage, StorageLocation file, long length, int lines) {
        long limit = Math.min(length, MAX_TAIL_BYTES);
        long window = Math.min(limit, 64 * 1024);
        try {
            while (true) {
                byte[] bytes;
                try (InputStream in = storage.read(file, length - window)) {
                    bytes = in.readNBytes((int) window);
                }
                int start = afterLineBreak(bytes, lines + 1);
                if (start >= 0 || window >= limit) {
                    return lastLines(bytes, Math.max(start, 0), lines);
                }
                window = Math.min(limit, window * 4);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The index after the {@code count}-th line break from the end, or -1 when there are fewer. */
    private static int afterLineBreak(byte[] bytes, int count) {
        int seen = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n' && ++seen == count) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String lastLines(byte[] bytes, int start, int lines) {
        List<String> all =
                new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)
                        .lines()
                        .toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }
}
