package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Finds, checks and stores job jars in storage, answering a client's mistakes as 400s. */
public final class JarFiles {

    /** Target of errors about the jar directory. */
    public static final String DIRECTORY_FIELD = "jobJarDirectory";

    /** Target of errors about the jar's name or content. */
    public static final String NAME_FIELD = "jarName";

    private JarFiles() {}

    /**
     * The jar {@code jarName} in {@code jarDirectoryUri}, after checking it is inside storage, is a
     * regular file and is a zip with at least one entry.
     *
     * @throws ApiException 400 {@code InvalidRequestContent}, {@code JarNotFound}, {@code
     *     InvalidJar}, or any of {@link StorageRoots#resolve}'s
     */
    public static Path requireJar(StorageRoots roots, String jarDirectoryUri, String jarName) {
        requirePlainName(jarName);
        Path directory = roots.resolve(jarDirectoryUri, DIRECTORY_FIELD);
        Path jar = directory.resolve(jarName);
        if (!Files.isRegularFile(jar)) {
            String message = "jar '" + jarName + "' not found in " + StorageRoots.toUri(directory);
            if (!Files.isDirectory(directory)) {
                message += ", which does not exist";
            }
            throw ApiException.badRequest("JarNotFound", message, NAME_FIELD);
        }
        // The jar itself may be a link to somewhere else.
        roots.confine(jar, NAME_FIELD);
        requireValidJar(jar, jarName);
        return jar;
    }

    /**
     * The {@code Main-Class} of a jar's manifest, empty when it has no manifest or no such entry.
     *
     * @throws ApiException 400 {@code InvalidJar} when the jar cannot be read
     */
    public static Optional<String> mainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return Optional.empty();
            }
            String value = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            throw invalidJar(jar.getFileName().toString(), e);
        }
    }

    /**
     * Stores an uploaded jar as {@code directoryUri/fileName}, creating the directory when missing
     * and replacing an existing jar of that name: uploading a new version of a jar is how a user
     * updates a job. The body is written to a hidden temporary file beside the target and moved
     * over it atomically, so a job starting meanwhile sees the old jar or the new one, never half
     * of one. On any refusal nothing is left behind. The caller closes {@code body}.
     *
     * @return the stored jar
     * @throws ApiException 400 {@code InvalidRequestContent} (name not a plain {@code .jar} file
     *     name), 413 {@code JarTooLarge}, 400 {@code InvalidJar}, or any of {@link
     *     StorageRoots#resolve}'s
     * @throws UncheckedIOException when reading the body or writing to storage fails
     */
    public static Path storeJar(
            StorageRoots roots,
            String directoryUri,
            String fileName,
            InputStream body,
            long maxBytes) {
        requirePlainName(fileName);
        // Flink's own upload refuses anything not ending in '.jar' (case-sensitive), so do we.
        if (!fileName.endsWith(".jar")) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    NAME_FIELD + " '" + fileName + "' must end in .jar",
                    NAME_FIELD);
        }
        Path directory = roots.resolve(directoryUri, DIRECTORY_FIELD);
        Path jar = roots.confine(directory.resolve(fileName), NAME_FIELD);
        Path created = firstMissing(directory);
        // Hidden and not ending in .jar, so nothing picks up a half-written upload; the name
        // leaves out fileName to stay within file name length limits.
        Path temp = directory.resolve(".upload-" + UUID.randomUUID() + ".part");
        boolean stored = false;
        try {
            createDirectory(directory, created, directoryUri);
            // Re-check now that the directories exist, in case one appeared as a link meanwhile.
            roots.confine(directory, DIRECTORY_FIELD);
            long size = copy(body, temp, maxBytes);
            if (size > maxBytes) {
                String message = "jar '%s' is larger than the upload limit of %d bytes";
                throw new ApiException(
                        413, "JarTooLarge", message.formatted(fileName, maxBytes), NAME_FIELD);
            }
            requireValidJar(temp, fileName);
            move(temp, jar);
            stored = true;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store jar " + StorageRoots.toUri(jar), e);
        } finally {
            if (!stored) {
                cleanUp(temp, directory, created);
            }
        }
    }

    /** A file name only: no separators, no '..', not blank. */
    static void requirePlainName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent", NAME_FIELD + " is empty", NAME_FIELD);
        }
        if (name.contains("/")
                || name.contains("\\")
                || name.contains("..")
                || name.equals(".")
                || name.indexOf('\0') >= 0
                || !name.equals(name.strip())) {
            String message =
                    "%s '%s' must be a plain file name such as job.jar, without '/', '\\', '..' or"
                            + " surrounding spaces; put the directory in %s";
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    message.formatted(NAME_FIELD, name, DIRECTORY_FIELD),
                    NAME_FIELD);
        }
    }

    private static void requireValidJar(Path jar, String jarName) {
        // Opening it catches a truncated upload or a non-jar early, where the user sees it,
        // instead of as an opaque failure inside Flink.
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            if (!file.entries().hasMoreElements()) {
                throw ApiException.badRequest(
                        "InvalidJar",
                        "jar '" + jarName + "' is an empty zip file, not a job jar",
                        NAME_FIELD);
            }
        } catch (IOException e) {
            throw invalidJar(jarName, e);
        }
    }

    private static ApiException invalidJar(String jarName, IOException e) {
        return ApiException.badRequest(
                "InvalidJar",
                "jar '" + jarName + "' is not a valid jar (zip) file: " + e.getMessage(),
                NAME_FIELD);
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

    /** Creates the directory, refusing when it or one of its parents is a file. */
    private static void createDirectory(Path directory, Path created, String directoryUri)
            throws IOException {
        Path existing = created == null ? directory : created.getParent();
        if (existing != null && !Files.isDirectory(existing)) {
            String message = "%s '%s' is not a directory: %s is a file";
            throw ApiException.badRequest(
                    "InvalidStoragePath",
                    message.formatted(DIRECTORY_FIELD, directoryUri, StorageRoots.toUri(existing)),
                    DIRECTORY_FIELD);
        }
        Files.createDirectories(directory);
    }

    private static void move(Path temp, Path jar) throws IOException {
        try {
            Files.move(
                    temp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The topmost directory that does not exist yet, or null. */
    private static Path firstMissing(Path directory) {
        Path missing = null;
        for (Path p = directory; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the temporary file and the directories this upload created, if still empty. */
    private static void cleanUp(Path temp, Path directory, Path created) {
        try {
            Files.deleteIfExists(temp);
            if (created != null) {
                for (Path p = directory; p != null && p.startsWith(created); p = p.getParent()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (DirectoryNotEmptyException e) {
            // Another upload is using the new directory: it stays.
        } catch (IOException e) {
            // Best effort; the original failure is what the caller needs to see.
        }
    }
}
