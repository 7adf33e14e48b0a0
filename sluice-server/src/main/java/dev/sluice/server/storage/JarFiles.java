package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
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
    public static StorageLocation requireJar(
            StorageRoots roots, String jarDirectoryUri, String jarName) {
        StorageLocation jar = requirePresentJar(roots, jarDirectoryUri, jarName);
        requireValidJar(roots, jar, jarName);
        return jar;
    }

    /**
     * Checks that the jar at {@code jar} is a zip with at least one entry.
     *
     * @throws ApiException 400 {@code InvalidJar} naming {@code jarName}
     */
    public static void requireValidJar(StorageRoots roots, StorageLocation jar, String jarName) {
        try (Storage.LocalCopy copy = roots.storage().localCopy(jar)) {
            requireValidJar(copy.path(), jarName);
        } catch (IOException e) {
            throw invalidJar(jarName, e);
        }
    }

    /**
     * The jar {@code jarName} in {@code jarDirectoryUri}, after checking it is inside storage and
     * is a regular file, without reading it.
     *
     * @throws ApiException 400 {@code InvalidRequestContent}, {@code JarNotFound}, or any of {@link
     *     StorageRoots#resolve}'s
     */
    public static StorageLocation requirePresentJar(
            StorageRoots roots, String jarDirectoryUri, String jarName) {
        requirePlainName(jarName);
        Storage storage = roots.storage();
        StorageLocation directory = roots.resolve(jarDirectoryUri, DIRECTORY_FIELD);
        StorageLocation jar = directory.child(jarName);
        if (!storage.stat(jar).map(StorageEntry::isFile).orElse(false)) {
            String message = "jar '" + jarName + "' not found in " + directory.uri();
            if (!storage.stat(directory).map(StorageEntry::isDirectory).orElse(false)) {
                message += ", which does not exist";
            }
            throw ApiException.badRequest("JarNotFound", message, NAME_FIELD);
        }
        // The jar itself may be a link to somewhere else.
        roots.confine(jar, NAME_FIELD);
        return jar;
    }

    /**
     * The {@code Main-Class} of a jar's manifest, empty when it has no manifest or no such entry.
     *
     * @throws ApiException 400 {@code InvalidJar} when the jar cannot be read
     */
    public static Optional<String> mainClass(StorageRoots roots, StorageLocation jar) {
        try (Storage.LocalCopy copy = roots.storage().localCopy(jar);
                JarFile file = new JarFile(copy.path().toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return Optional.empty();
            }
            String value = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            throw invalidJar(jar.name(), e);
        }
    }

    /**
     * Stores an uploaded jar as {@code directoryUri/fileName}, creating the directory when missing
     * and replacing an existing jar of that name: uploading a new version of a jar is how a user
     * updates a job. The write is atomic ({@link Storage#write}), so a job starting meanwhile sees
     * the old jar or the new one, never half of one. On any refusal nothing is left behind. The
     * caller closes {@code body}.
     *
     * @return the stored jar
     * @throws ApiException 400 {@code InvalidRequestContent} (name not a plain {@code .jar} file
     *     name), 413 {@code JarTooLarge}, 400 {@code InvalidJar}, or any of {@link
     *     StorageRoots#resolve}'s
     * @throws UncheckedIOException when reading the body or writing to storage fails
     */
    public static StorageEntry storeJar(
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
        Storage storage = roots.storage();
        StorageLocation directory = roots.resolve(directoryUri, DIRECTORY_FIELD);
        StorageLocation jar = roots.confine(directory.child(fileName), NAME_FIELD);
        Optional<StorageLocation> created = Optional.empty();
        boolean stored = false;
        try {
            requireNoFileAbove(storage, directory, directoryUri);
            created = storage.createDirectories(directory);
            // Re-check now that the directories exist, in case one appeared as a link meanwhile.
            roots.confine(directory, DIRECTORY_FIELD);
            long size =
                    storage.write(
                            jar,
                            body,
                            maxBytes,
                            staged -> requireValidJar(staged.path(), fileName));
            if (size > maxBytes) {
                String message = "jar '%s' is larger than the upload limit of %d bytes";
                throw new ApiException(
                        413, "JarTooLarge", message.formatted(fileName, maxBytes), NAME_FIELD);
            }
            stored = true;
            return storage.stat(jar)
                    .orElseThrow(() -> new IOException("stored jar vanished: " + jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store jar " + jar.uri(), e);
        } finally {
            if (!stored) {
                cleanUp(storage, directory, created);
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

    /** Refuses a directory that is, or lies below, a file. */
    private static void requireNoFileAbove(
            Storage storage, StorageLocation directory, String directoryUri) {
        for (StorageLocation p = directory; p != null; p = p.parent()) {
            Optional<StorageEntry> entry = storage.stat(p);
            if (entry.isPresent()) {
                if (!entry.get().isDirectory()) {
                    String message = "%s '%s' is not a directory: %s is a file";
                    throw ApiException.badRequest(
                            "InvalidStoragePath",
                            message.formatted(DIRECTORY_FIELD, directoryUri, p.uri()),
                            DIRECTORY_FIELD);
                }
                return;
            }
        }
    }

    /** Removes the directories this upload created, if still empty. */
    private static void cleanUp(
            Storage storage, StorageLocation directory, Optional<StorageLocation> created) {
        if (created.isEmpty()) {
            return;
        }
        try {
            for (StorageLocation p = directory;
                    p != null && created.get().contains(p);
                    p = p.parent()) {
                if (!storage.deleteIfEmpty(p)) {
                    return; // Another upload is using the new directory: it stays.
                }
            }
        } catch (IOException e) {
            // Best effort; the original failure is what the caller needs to see.
        }
    }
}
