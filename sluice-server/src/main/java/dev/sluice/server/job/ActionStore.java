package dev.sluice.server.job;

import static dev.sluice.server.store.Columns.enumValue;
import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.json;
import static dev.sluice.server.store.Columns.map;
import static dev.sluice.server.store.Columns.name;
import static dev.sluice.server.store.Columns.stored;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.api.JobActionType;
import dev.sluice.server.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_actions} table: every runJob action and the progress it recorded, kept after its
 * job is deleted.
 */
@Repository
public class ActionStore {

    private static final String COLUMNS =
            "id, job_id, cluster_id, job_name, action_type, result, principal, parameters, step,"
                    + " flink_job_id, trigger_id, savepoint_path, rollback_plan, output, failure,"
                    + " snapshot, created_at, updated_at, ended_at";
    private static final String IN_PROGRESS = ActionResult.IN_PROGRESS.name();

    private final JdbcClient jdbc;

    public ActionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts an action; a null createdAt or updatedAt becomes now.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the id exists
     */
    public void insert(JobAction a) {
        Instant now = Columns.now();
        jdbc.sql(
                        "INSERT INTO job_actions ("
                                + COLUMNS
                                + ") VALUES (:id, :jobId, :clusterId, :jobName, :type, :result,"
                                + " :principal, :parameters, :step, :flinkJobId, :triggerId,"
                                + " :savepointPath, :rollback, :output, :failure, :snapshot, :createdAt,"
                                + " :updatedAt, :endedAt)")
                .params(columns(a))
                .param("createdAt", timestamp(a.createdAt() == null ? now : a.createdAt()))
                .param("updatedAt", timestamp(a.updatedAt() == null ? now : a.updatedAt()))
                .update();
    }

    /** The named parameters of every column an insert and an update both write. */
    private static Map<String, Object> columns(JobAction a) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", a.id());
        values.put("jobId", a.jobId());
        values.put("clusterId", a.clusterId());
        values.put("jobName", a.jobName());
        values.put("type", name(a.type()));
        values.put("result", name(a.outcome().result()));
        values.put("principal", a.principal());
        values.put("parameters", json(a.parameters()));
        values.put("step", a.progress().step());
        values.put("flinkJobId", a.progress().flinkJobId());
        values.put("triggerId", a.progress().triggerId());
        values.put("savepointPath", a.progress().savepointPath());
        values.put(
                "rollback",
                a.progress().rollback().isEmpty() ? null : json(a.progress().rollback()));
        values.put("output", a.outcome().output());
        values.put("failure", a.outcome().failure());
        values.put("snapshot", a.outcome().snapshot());
        values.put("endedAt", timestamp(a.outcome().endedAt()));
        return values;
    }

    public Optional<JobAction> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job_actions WHERE id = :id")
                .param("id", id)
                .query(ActionStore::action)
                .optional();
    }

    /**
     * Writes the whole action by id (createdAt stays as inserted) and sets updatedAt to now.
     *
     * @return the action as stored now
     * @throws NoSuchElementException when there is no action with that id
     */
    public JobAction update(JobAction a) {
        Instant now = Columns.now();
        int rows =
                jdbc.sql(
                                "UPDATE job_actions SET job_id = :jobId, cluster_id = :clusterId,"
                                        + " job_name = :jobName, action_type = :type,"
                                        + " result = :result, principal = :principal,"
                                        + " parameters = :parameters, step = :step,"
                                        + " flink_job_id = :flinkJobId, trigger_id = :triggerId,"
                                        + " savepoint_path = :savepointPath, rollback_plan = :rollback,"
                                        + " output = :output,"
                                        + " failure = :failure, snapshot = :snapshot,"
                                        + " updated_at = :updatedAt, ended_at = :endedAt"
                                        + " WHERE id = :id")
                        .params(columns(a))
                        .param("updatedAt", timestamp(now))
                        .update();
        if (rows == 0) {
            throw new NoSuchElementException("no action with id " + a.id());
        }
        // Only a caller that built the action from scratch lacks createdAt; read the stored one.
        Instant createdAt =
                a.createdAt() != null
                        ? stored(a.createdAt())
                        : find(a.id()).map(JobAction::createdAt).orElse(null);
        return a.stored(createdAt, now, stored(a.outcome().endedAt()));
    }

    /** A job's latest actions, newest first. */
    public List<JobAction> listForJob(long jobId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_actions WHERE job_id = :jobId"
                                + " ORDER BY created_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
                .param("jobId", jobId)
                .param("limit", limit)
                .query(ActionStore::action)
                .list();
    }

    /** Every action still in progress, oldest first: what a restarted server resumes. */
    public List<JobAction> listInProgress() {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_actions WHERE result = :result"
                                + " ORDER BY created_at, id")
                .param("result", IN_PROGRESS)
                .query(ActionStore::action)
                .list();
    }

    /** The job's action in progress; the oldest should there ever be more than one. */
    public Optional<JobAction> findInProgressForJob(long jobId) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM job_actions WHERE job_id = :jobId AND result = :result"
                                + " ORDER BY created_at, id FETCH FIRST 1 ROWS ONLY")
                .param("jobId", jobId)
                .param("result", IN_PROGRESS)
                .query(ActionStore::action)
                .optional();
    }

    private static JobAction action(ResultSet rs, int row) throws SQLException {
        ActionProgress progress =
                new ActionProgress(
                        rs.getString("step"),
                        rs.getString("flink_job_id"),
                        rs.getString("trigger_id"),
                        rs.getString("savepoint_path"),
                        map(rs, "rollback_plan"));
        ActionOutcome outcome =
                new ActionOutcome(
                        enumValue(ActionResult.class, rs, "result"),
                        rs.getString("output"),
                        rs.getString("failure"),
                        rs.getString("snapshot"),
                        instant(rs, "ended_at"));
        return new JobAction(
                rs.getString("id"),
                rs.getLong("job_id"),
                rs.getString("cluster_id"),
                rs.getString("job_name"),
                enumValue(JobActionType.class, rs, "action_type"),
                rs.getString("principal"),
                map(rs, "parameters"),
                progress,
                outcome,
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
