package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the example counter job wrote: one file per key holding its latest count and version. */
final class CounterOutput {

    /** One key's latest line. */
    record Count(long count, String version) {}

    private static final Pattern LINE = Pattern.compile("count=(\\d+) version=(v\\d+) key=(\\d+)");

    private final Path dir;

    CounterOutput(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Map<Integer, Count> counts() {
        Map<Integer, Count> counts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().startsWith("key-")).toList()) {
                String line;
                try {
                    line = Files.readString(file).trim();
                } catch (NoSuchFileException e) {
                    continue; // replaced while listing
                }
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    counts.put(
                            Integer.parseInt(m.group(3)),
                            new Count(Long.parseLong(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + dir, e);
        }
        return counts;
    }

    /** The smallest count over all keys, or -1 before anything was written. */
    long minCount() {
        return counts().values().stream().mapToLong(Count::count).min().orElse(-1);
    }

    /** The job versions whose lines are there now. */
    List<String> versions() {
        return counts().values().stream().map(Count::version).distinct().toList();
    }
}
