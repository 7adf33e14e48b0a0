package dev.sluice.server.storage;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the server's own user may read (mode 0600): the signing key and the Owner's
 * credentials. They are created with that mode, never widened afterwards, and replaced atomically
 * so that no reader sees half a key. Local files of the server's data directory, not user storage,
 * hence no {@link Storage}.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** True when the file exists. */
    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /** The file's content as UTF-8 text. */
    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** Writes {@code content} to {@code file} (mode 0600), creating its directory (0700). */
    public static void write(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            if (posix()) {
                Files.createDirectories(
                        directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        String prefix = "." + file.getFileName();
        Path temp =
                posix()
                        ? Files.createTempFile(
                                directory,
                                prefix,
                                ".tmp",
                                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                        : Files.createTempFile(directory, prefix, ".tmp");
        try {
            Files.writeString(temp, content);
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Narrows an existing file to 0600 if someone widened it.
     *
     * @return true when it had to be narrowed
     */
    public static boolean restrict(Path file) throws IOException {
        if (!posix() || Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            return false;
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return true;
    }
}
