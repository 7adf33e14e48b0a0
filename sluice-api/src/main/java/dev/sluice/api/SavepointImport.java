package dev.sluice.api;

/**
 * The body of {@code POST .../jobs/{job}/savepoints/import}: a savepoint made outside Sluice.
 *
 * @param path its directory (or its {@code _metadata} file) as a URI or path inside the cluster's
 *     storage
 */
public record SavepointImport(String path) {}
