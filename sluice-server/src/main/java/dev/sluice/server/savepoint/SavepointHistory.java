package dev.sluice.server.savepoint;

import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.server.common.Ids;
import dev.sluice.server.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_savepoints} table: every savepoint of a job that Sluice took or imported, and
 * whether retention disposed of it; kept after the job is deleted.
 */
@Repository
public class SavepointHistory {

    private static final String COLUMNS =
            "id, job_id, cluster_id, job_name, uri, name, kind, action_id, taken_at, size_bytes,"
                    + " usable, state, dispose_error, disposed_at";

    private final JdbcClient jdbc;

    public SavepointHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a savepoint of a job, in the caller's transaction if there is one; a savepoint the
     * job already has (same URI) stays as recorded, so a resumed step may record it again.
     *
     * @return the record as stored
     */
    public SavepointRecord record(
            long jobId,
            String clusterId,
            String jobName,
            SavepointEntry entry,
            SavepointKind kind,
            String actionId) {
        Optional<SavepointRecord> known = find(jobId, entry.uri());
        if (known.isPresent()) {
            return known.get();
        }
        SavepointRecord created =
                new SavepointRecord(
                        Ids.newId(),
                        jobId,
                        clusterId,
                        jobName,
                        entry,
                        kind,
                        actionId,
                        SavepointState.AVAILABLE,
                        null,
                        null);
        jdbc.sql(
                        "INSERT INTO job_savepoints ("
                                + COLUMNS
                                + ", created_at) VALUES (:id, :jobId, :clusterId, :jobName, :uri,"
                                + " :name, :kind, :actionId, :takenAt, :size, :usable, :state,"
                                + " NULL, NULL, :createdAt)")
                .param("id", created.id())
                .param("jobId", jobId)
                .param("clusterId", clusterId)
                .param("jobName", jobName)
                .param("uri", entry.uri())
                .param("name", entry.name())
                .param("kind", kind.stored())
                .param("actionId", actionId)
                .param("takenAt", timestamp(entry.time()))
                .param("size", entry.sizeBytes())
                .param("usable", entry.usable())
                .param("state", created.state().name())
                .param("createdAt", timestamp(Columns.now()))
                .update();
        return find(jobId, entry.uri()).orElseThrow();
    }

    public Optional<SavepointRecord> find(long jobId, String uri) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_savepoints WHERE job_id = :jobId AND uri = :uri")
                .param("jobId", jobId)
                .param("uri", uri)
                .query(SavepointHistory::row)
                .optional();
    }

    /** A job's savepoints, newest first. */
    /**
     * The history of each of {@code jobIds} (newest first), in one query: the policy rounds read
     * every job's history each second, and one query per job made them grow with the jobs.
     */
    public Map<Long, List<SavepointRecord>> listForJobs(Collection<Long> jobIds) {
        Map<Long, List<SavepointRecord>> byJob = new HashMap<>();
        if (jobIds.isEmpty()) {
            return byJob;
        }
        jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_savepoints WHERE job_id IN (:jobIds)"
                                + " ORDER BY taken_at DESC, id DESC")
                .param("jobIds", List.copyOf(jobIds))
                .query(SavepointHistory::row)
                .list()
                .forEach(r -> byJob.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r));
        return byJob;
    }

    public List<SavepointRecord> listForJob(long jobId) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_savepoints WHERE job_id = :jobId"
                                + " ORDER BY taken_at DESC, id DESC")
                .param("jobId", jobId)
                .query(SavepointHistory::row)
                .list();
    }

    /** Retention removed the savepoint's files. */
    public void markDisposed(String id, Instant at) {
        jdbc.sql(
                        "UPDATE job_savepoints SET state = :state, dispose_error = NULL,"
                                + " disposed_at = :at WHERE id = :id")
                .param("state", SavepointState.DISPOSED.name())
                .param("at", timestamp(at))
                .param("id", id)
                .update();
    }

    /** Retention could not remove the savepoint's files; it tries again later. */
    public void markDisposeFailed(String id, String error) {
        jdbc.sql("UPDATE job_savepoints SET state = :state, dispose_error = :error WHERE id = :id")
                .param("state", SavepointState.DISPOSE_FAILED.name())
                .param("error", error)
                .param("id", id)
                .update();
    }

    private static SavepointRecord row(ResultSet rs, int row) throws SQLException {
        SavepointEntry entry =
                new SavepointEntry(
                        rs.getString("name"),
                        rs.getString("uri"),
                        instant(rs, "taken_at"),
                        rs.getBoolean("usable"),
                        rs.getLong("size_bytes"));
        return new SavepointRecord(
                rs.getString("id"),
                rs.getLong("job_id"),
                rs.getString("cluster_id"),
                rs.getString("job_name"),
                entry,
                SavepointKind.fromStored(rs.getString("kind")),
                rs.getString("action_id"),
                SavepointState.valueOf(rs.getString("state")),
                rs.getString("dispose_error"),
                instant(rs, "disposed_at"));
    }
}
