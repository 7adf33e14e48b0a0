package dev.sluice.client;

/**
 * Where an uploaded jar landed in the cluster's storage: the two values a NEW or UPDATE names.
 *
 * @param jobJarDirectory the directory URI, e.g. {@code file:///data/storage/jars}
 * @param jarName the file name
 * @param size its size in bytes
 */
public record UploadedJar(String jobJarDirectory, String jarName, long size) {}
