package dev.sluice.server.action;

import dev.sluice.server.storage.StorageEntry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The jars this server uploaded to each session cluster, by the storage URI they came from and the
 * size and time of the file then: a run of an unchanged jar (START, RE_LAUNCH, LAST_STATE_UPDATE)
 * reuses Flink's copy instead of reading, checking and uploading it again. Flink keeps an uploaded
 * jar until it is deleted or its JobManager restarts; a run that finds it gone uploads it again. A
 * replaced upload is deleted only after the run that replaced it is submitted; a launch that had
 * looked it up just before finds it gone and uploads again.
 */
final class UploadedJars {

    private record Key(String restUrl, String jarUri) {}

    private record Upload(long size, Instant modified, String jarId) {}

    private final ConcurrentMap<Key, Upload> uploads = new ConcurrentHashMap<>();

    /** Flink's id of this version of the jar on that cluster, if this server uploaded it. */
    Optional<String> find(String restUrl, StorageEntry jar) {
        Upload upload = uploads.get(new Key(restUrl, jar.location().uri()));
        return upload != null
                        && upload.size() == jar.size()
                        && upload.modified().equals(jar.modified())
                ? Optional.of(upload.jarId())
                : Optional.empty();
    }

    /**
     * Remembers an upload of this version of the jar, unless another launch remembered one of the
     * same version meanwhile (two jobs of one jar starting at once): that one stays.
     *
     * @return Flink's id of the upload that is not remembered now (the replaced version, or this
     *     one when another of its version stays), which the caller deletes from Flink once its run
     *     is submitted
     */
    synchronized Optional<String> remember(String restUrl, StorageEntry jar, String jarId) {
        Key key = new Key(restUrl, jar.location().uri());
        Upload previous = uploads.get(key);
        if (previous != null
                && previous.size() == jar.size()
                && previous.modified().equals(jar.modified())) {
            return previous.jarId().equals(jarId) ? Optional.empty() : Optional.of(jarId);
        }
        uploads.put(key, new Upload(jar.size(), jar.modified(), jarId));
        return previous == null ? Optional.empty() : Optional.of(previous.jarId());
    }

    /** Forgets an upload Flink no longer has. */
    synchronized void forget(String restUrl, StorageEntry jar, String jarId) {
        uploads.remove(
                new Key(restUrl, jar.location().uri()),
                new Upload(jar.size(), jar.modified(), jarId));
    }
}
