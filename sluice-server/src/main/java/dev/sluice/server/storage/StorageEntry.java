package dev.sluice.server.storage;

import java.time.Instant;

/**
 * What storage knows of one file or directory.
 *
 * @param location where it is
 * @param kind a file, a directory, or something else (a symbolic link in a listing, a device)
 * @param size its size in bytes; 0 for a directory
 * @param modified when it was last written
 */
public record StorageEntry(StorageLocation location, Kind kind, long size, Instant modified) {

    /** What an entry is; a listing does not follow links, so a link there is {@link #OTHER}. */
    public enum Kind {
        FILE,
        DIRECTORY,
        OTHER
    }

    /** The entry's name within its directory. */
    public String name() {
        return location.name();
    }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }
}
