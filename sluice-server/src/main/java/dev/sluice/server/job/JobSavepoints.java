package dev.sluice.server.job;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.savepoint.SavepointEntry;
import dev.sluice.server.savepoint.SavepointHistory;
import dev.sluice.server.savepoint.SavepointKind;
import dev.sluice.server.savepoint.SavepointRecord;
import dev.sluice.server.savepoint.SavepointState;
import dev.sluice.server.storage.StorageRoots;
import java.util.List;
import org.springframework.stereotype.Service;

/** A job's savepoint history as the API and the portal show it, and the import of one. */
@Service
public class JobSavepoints {

    /** Target of errors about the imported savepoint. */
    static final String PATH = "path";

    private final JobQueries queries;
    private final ClusterRegistry clusters;
    private final SavepointHistory history;

    JobSavepoints(JobQueries queries, ClusterRegistry clusters, SavepointHistory history) {
        this.queries = queries;
        this.clusters = clusters;
        this.history = history;
    }

    /**
     * The job's savepoints, newest first; whether each is usable is checked in storage now.
     *
     * @throws ApiException 404 ClusterNotFound or JobNotFound
     */
    public List<SavepointRecord> list(ArmId clusterId, String jobName) {
        Job job = queries.get(clusterId, jobName);
        return list(clusters.find(clusterId), job);
    }

    /** The job's savepoints, newest first, usable as storage has them now. */
    public List<SavepointRecord> list(ClusterRecord cluster, Job job) {
        StorageRoots roots = clusters.roots(cluster);
        return history.listForJob(job.id()).stream().map(r -> checked(roots, r)).toList();
    }

    /**
     * Records a savepoint made outside Sluice (a directory with {@code _metadata} inside the
     * cluster's storage) in the job's history; START's savePointName then takes its path. Importing
     * a savepoint the job already has returns it as recorded.
     *
     * @throws ApiException 404 ClusterNotFound or JobNotFound; 400 InvalidRequestContent,
     *     SavepointNotFound, InvalidSavepoint, PathOutsideStorage, target {@value PATH}
     */
    public SavepointRecord importSavepoint(ArmId clusterId, String jobName, String path) {
        Job job = queries.get(clusterId, jobName);
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "The body needs 'path': the savepoint's directory in the cluster's storage",
                    PATH);
        }
        String location = path.strip();
        if (!(location.contains("/") || location.contains(":"))) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "path must be a URI or an absolute path inside the cluster's storage, not a"
                            + " name",
                    PATH);
        }
        ClusterRecord cluster = clusters.find(clusterId);
        StorageRoots roots = clusters.roots(cluster);
        SavepointEntry entry;
        try {
            entry = SavepointCatalog.resolve(roots, roots.primary(), location);
        } catch (ApiException e) {
            throw ApiException.badRequest(e.code(), e.getMessage(), PATH);
        }
        return history.record(
                job.id(), job.clusterId(), job.name(), entry, SavepointKind.IMPORTED, null);
    }

    private static SavepointRecord checked(StorageRoots roots, SavepointRecord r) {
        if (r.state() == SavepointState.DISPOSED) {
            return r;
        }
        boolean usable = SavepointCatalog.usable(roots, r.uri());
        if (usable == r.entry().usable()) {
            return r;
        }
        SavepointEntry e = r.entry();
        return new SavepointRecord(
                r.id(),
                r.jobId(),
                r.clusterId(),
                r.jobName(),
                new SavepointEntry(e.name(), e.uri(), e.time(), usable, e.sizeBytes()),
                r.kind(),
                r.actionId(),
                r.state(),
                r.disposeError(),
                r.disposedAt());
    }
}
