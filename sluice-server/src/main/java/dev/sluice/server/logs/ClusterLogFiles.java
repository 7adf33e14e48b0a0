package dev.sluice.server.logs;

import dev.sluice.api.ClusterLogs;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.LogAggregation;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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
        LogAggregation settings = settings(clusters.find(id));
        List<ClusterLogs.LogFile> files = new ArrayList<>();
        if (Files.isDirectory(settings.directory())) {
            try (Stream<Path> all = Files.list(settings.directory())) {
                for (Path file :
                        all.filter(Files::isRegularFile)
                                .filter(f -> !f.getFileName().toString().startsWith("."))
                                .sorted(Comparator.comparing(Path::getFileName))
                                .toList()) {
                    files.add(
                            new ClusterLogs.LogFile(
                                    file.getFileName().toString(),
                                    Files.size(file),
                                    Files.getLastModifiedTime(file).toInstant().toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + settings.directory(), e);
            }
        }
        return new ClusterLogs(
                settings.enabled(),
                settings.directory().toUri().toString(),
                settings.interval().toSeconds(),
                files);
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
        Path file = settings(cluster).directory().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound(
                    "LogNotFound",
                    "No aggregated log '" + fileName + "' of cluster '" + cluster.name() + "'");
        }
        return tail(file, lines);
    }

    private LogAggregation settings(ClusterRecord cluster) {
        return LogAggregation.of(cluster, clusters.flinkConfiguration(cluster));
    }

    private static String tail(Path file, int lines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = length;
            int newlines = 0;
            byte[] chunk = new byte[8192];
            // Back from the end until lines + 1 line breaks (the last one may end the file).
            while (start > 0 && newlines <= lines && length - start < MAX_TAIL_BYTES) {
                int n = (int) Math.min(chunk.length, start);
                start -= n;
                raf.seek(start);
                raf.readFully(chunk, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (chunk[i] == '\n' && ++newlines > lines) {
                        start += i + 1;
                        break;
                    }
                }
            }
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
                    + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
