package dev.sluice.server.savepoint;

import java.time.Instant;

/**
 * One savepoint directory in storage.
 *
 * @param name the directory's name, e.g. {@code savepoint-20e9e9-8a48c6b905e5}
 * @param uri its canonical {@code file:///...} URI
 * @param time when it was written: the modification time of its {@code _metadata}, else of the
 *     directory
 * @param usable true when it has a {@code _metadata} file, without which Flink cannot restore it
 * @param sizeBytes total size of the files in it
 */
public record SavepointEntry(
        String name, String uri, Instant time, boolean usable, long sizeBytes) {}
