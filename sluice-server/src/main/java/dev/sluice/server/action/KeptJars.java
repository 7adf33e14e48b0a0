package dev.sluice.server.action;

import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.UpdateRollback;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jars of a job with rollback on, kept as each run was launched with them, one per Flink job id
 * in {@code <storage>/<deployment id>/rollback/<job name>/}: an UPDATE usually follows an upload
 * over the job's jar, so the jar in storage is no longer the previous version's when the new one
 * fails. Only the jars of the current and the previous run are kept.
 */
final class KeptJars {

    private static final Logger LOG = LoggerFactory.getLogger(KeptJars.class);
    private static final String FIELD = "sluice.update.rollback";

    private KeptJars() {}

    /** True when the action's job keeps its jars. */
    static boolean kept(ActionRun run) {
        return UpdateRollback.of(run.job().spec()).enabled();
    }

    /** Where the jar of {@code flinkJobId} is kept. */
    static StorageLocation of(ActionRun run, String flinkJobId) {
        return directory(run).child(flinkJobId + ".jar");
    }

    /** The kept jar of {@code flinkJobId} if there is one. */
    static boolean exists(ActionRun run, String flinkJobId) {
        return flinkJobId != null
                && run.roots()
                        .storage()
                        .stat(of(run, flinkJobId))
                        .map(StorageEntry::isFile)
                        .orElse(false);
    }

    /**
     * Copies {@code jar} to the kept jar of {@code flinkJobId} (replacing one a resumed action
     * wrote before) and removes the kept jars of runs other than that one and {@code keep}.
     */
    static StorageLocation keep(
            ActionRun run, StorageLocation jar, String flinkJobId, Set<String> keep) {
        Storage storage = run.roots().storage();
        StorageLocation directory = directory(run);
        StorageLocation target = of(run, flinkJobId);
        try {
            storage.createDirectories(directory);
            if (!jar.equals(target)) {
                try (InputStream body = storage.read(jar, 0)) {
                    storage.write(target, body, Long.MAX_VALUE, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep jar " + jar + " for a rollback", e);
        }
        try {
            for (StorageEntry entry : storage.list(directory)) {
                String name = entry.name();
                String id = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
                if (entry.isFile() && !id.equals(flinkJobId) && !keep.contains(id)) {
                    storage.delete(entry.location());
                }
            }
        } catch (IOException e) {
            // Only space is lost; the next run's keep tries again.
            LOG.warn("Could not remove older kept jars in {}: {}", directory, e.getMessage());
        }
        return target;
    }

    /**
     * The jar a run of {@code flinkJobId} is launched with: the job's jar as it is now in storage,
     * or the previous run's kept jar when an UPDATE rolls back; kept for this run first when the
     * job has rollback on, and launched from that copy.
     */
    static StorageLocation toRun(ActionRun run, String flinkJobId) {
        Job job = run.job();
        String previous = Rollback.previousFlinkJobId(run);
        StorageLocation jar =
                Rollback.rollingBack(run) && exists(run, previous)
                        ? of(run, previous)
                        // Read (and checked) only when it is uploaded or deployed.
                        : JarFiles.requirePresentJar(
                                run.roots(), job.spec().jarDirectory(), job.spec().jarName());
        if (!kept(run)) {
            return jar;
        }
        Set<String> keep = new HashSet<>();
        if (job.run().flinkJobId() != null) {
            keep.add(job.run().flinkJobId());
        }
        if (previous != null) {
            keep.add(previous);
        }
        return keep(run, jar, flinkJobId, keep);
    }

    private static StorageLocation directory(ActionRun run) {
        return run.roots()
                .resolve(
                        JobService.defaultPath(run.cluster(), "rollback", run.job().name()), FIELD);
    }
}
