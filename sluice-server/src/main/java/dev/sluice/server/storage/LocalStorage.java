package dev.sluice.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** The storage port on local files: {@code file:} URIs and plain absolute or relative paths. */
@Component
public final class LocalStorage implements Storage {

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public StorageLocation root(String root) {
        return location(PathSyntax.parseRoot(root));
    }

    @Override
    public StorageLocation resolve(List<StorageLocation> roots, String value, String field) {
        return LocalConfinement.resolve(roots, value, field);
    }

    @Override
    public StorageLocation confine(
            List<StorageLocation> roots, StorageLocation location, String field) {
        return LocalConfinement.confine(roots, path(location), field, location.uri());
    }

    @Override
    public Optional<StorageEntry> stat(StorageLocation location) {
        Path path = path(location);
        try {
            return Optional.of(
                    entry(location, Files.readAttributes(path, BasicFileAttributes.class)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StorageEntry> list(StorageLocation directory) throws IOException {
        Path path = path(directory);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<StorageEntry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.toList()) {
                try {
                    BasicFileAttributes attributes =
                            Files.readAttributes(
                                    child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(entry(location(child), attributes));
                } catch (NoSuchFileException e) {
                    // Removed while listing (Flink disposes savepoints concurrently).
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return entries;
    }

    @Override
    public InputStream read(StorageLocation file, long offset) throws IOException {
        InputStream in = Files.newInputStream(path(file));
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }

    @Override
    public long write(StorageLocation file, InputStream body, long maxBytes, StagedCheck check)
            throws IOException {
        Path target = path(file);
        // Hidden and not ending in the target's extension, so nothing picks up a half-written
        // file; the name leaves out the target's to stay within file name length limits.
        Path temp = target.resolveSibling(".upload-" + UUID.randomUUID() + ".part");
        boolean stored = false;
        try {
            long size = copy(body, temp, maxBytes);
            if (size > maxBytes) {
                return size;
            }
            if (check != null) {
                check.check(new Existing(temp));
            }
            move(temp, target);
            stored = true;
            return size;
        } finally {
            if (!stored) {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public void append(StorageLocation file, InputStream body, long length) throws IOException {
        try (OutputStream out =
                Files.newOutputStream(
                        path(file), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            int n;
            while (left > 0
                    && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public Optional<StorageLocation> createDirectories(StorageLocation directory)
            throws IOException {
        Path path = path(directory);
        Path missing = null;
        for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        Files.createDirectories(path);
        return Optional.ofNullable(missing).map(LocalStorage::location);
    }

    @Override
    public void delete(StorageLocation location) throws IOException {
        Path path = path(location);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Links are removed, never followed: a tree's link out of storage stays untouched.
        Files.walkFileTree(
                path,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    @Override
    public boolean deleteIfEmpty(StorageLocation directory) throws IOException {
        try {
            return Files.deleteIfExists(path(directory));
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    @Override
    public LocalCopy localCopy(StorageLocation file) throws IOException {
        Path path = path(file);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(file.uri());
        }
        return new Existing(path);
    }

    /** The location of a local path: its canonical {@code file:///...} URI. */
    public static StorageLocation location(Path path) {
        return new StorageLocation(uri(path));
    }

    /** The local path of a {@code file:} location. */
    static Path path(StorageLocation location) {
        if (!location.scheme().equals("file")) {
            throw new IllegalArgumentException("not a local file location: " + location);
        }
        return Path.of(location.path());
    }

    /** The canonical {@code file:///...} URI of a local path, percent-encoded where needed. */
    static String uri(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        try {
            // Built by hand: Path.toUri() appends '/' to existing directories only, which would
            // make the same directory print two ways.
            return "file://" + new URI(null, null, absolute, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot express " + absolute + " as a URI", e);
        }
    }

    private static StorageEntry entry(StorageLocation location, BasicFileAttributes attributes) {
        StorageEntry.Kind kind =
                attributes.isRegularFile()
                        ? StorageEntry.Kind.FILE
                        : attributes.isDirectory()
                                ? StorageEntry.Kind.DIRECTORY
                                : StorageEntry.Kind.OTHER;
        long size = kind == StorageEntry.Kind.DIRECTORY ? 0 : attributes.size();
        return new StorageEntry(location, kind, size, attributes.lastModifiedTime().toInstant());
    }

    /** Copies at most {@code maxBytes + 1} bytes, enough to tell the body is too large. */
    private static long copy(InputStream body, Path temp, long maxBytes) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out =
                Files.newOutputStream(
                        temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    return total;
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A file that is already local: nothing to release. */
    private record Existing(Path path) implements LocalCopy {
        @Override
        public void close() {}
    }
}
