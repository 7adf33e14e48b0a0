package dev.sluice.server.job;

import static dev.sluice.server.store.Columns.enumValue;
import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.json;
import static dev.sluice.server.store.Columns.map;
import static dev.sluice.server.store.Columns.name;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.store.Columns;
import dev.sluice.server.store.LockedUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code jobs} table: Sluice jobs by database id and by (cluster, name). */
@Repository
public class JobStore {

    private static final String COLUMNS =
            "id, cluster_id, name, jar_directory, jar_name, entry_class, args, flink_configuration,"
                    + " flink_job_id, run_id, status, status_reason, last_action, action_result,"
                    + " job_output, last_savepoint, last_checkpoint, active_action_id, created_at,"
                    + " updated_at";

    private final JdbcClient jdbc;
    private final LockedUpdate lockedUpdate;
    private final AlertOutbox alerts;

    public JobStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.lockedUpdate = new LockedUpdate(transactionManager);
        this.alerts = new AlertOutbox(jdbc, new ResourceStore(jdbc, transactionManager));
    }

    /**
     * Inserts a new job; the id passed in is ignored.
     *
     * @return the job with its generated id, createdAt and updatedAt
     * @throws org.springframework.dao.DuplicateKeyException when the cluster has a job of that name
     */
    public Job insert(Job job) {
        Instant now = Columns.now();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql(
                        "INSERT INTO jobs (cluster_id, name, jar_directory, jar_name, entry_class,"
                                + " args, flink_configuration, flink_job_id, run_id, status,"
                                + " status_reason, last_action, action_result, job_output,"
                                + " last_savepoint, last_checkpoint, active_action_id, created_at,"
                                + " updated_at) VALUES (:clusterId, :name, :jarDirectory,"
                                + " :jarName, :entryClass, :args, :flinkConfiguration, :flinkJobId,"
                                + " :runId, :status, :statusReason, :lastAction, :actionResult,"
                                + " :jobOutput, :lastSavepoint, :lastCheckpoint, :activeActionId,"
                                + " :createdAt, :updatedAt)")
                .param("clusterId", job.clusterId())
                .param("name", job.name())
                .param("jarDirectory", job.spec().jarDirectory())
                .param("jarName", job.spec().jarName())
                .param("entryClass", job.spec().entryClass())
                .param("args", job.spec().args())
                .param("flinkConfiguration", json(job.spec().flinkConfiguration()))
                .param("flinkJobId", job.run().flinkJobId())
                .param("runId", job.run().id())
                .param("status", name(job.run().status()))
                .param("statusReason", job.run().statusReason())
                .param("lastAction", name(job.lastAction().type()))
                .param("actionResult", name(job.lastAction().result()))
                .param("jobOutput", job.lastAction().output())
                .param("lastSavepoint", job.restorePoints().savepoint())
                .param("lastCheckpoint", job.restorePoints().checkpoint())
                .param("activeActionId", job.lastAction().activeId())
                .param("createdAt", timestamp(now))
                .param("updatedAt", timestamp(now))
                .update(key, "id");
        long id = Objects.requireNonNull(key.getKey(), "no generated job id").longValue();
        return job.stored(id, now, now);
    }

    public Optional<Job> find(String clusterId, String name) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM jobs WHERE cluster_id = :clusterId AND name = :name")
                .param("clusterId", clusterId)
                .param("name", name)
                .query(JobStore::job)
                .optional();
    }

    public Optional<Job> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .param("id", id)
                .query(JobStore::job)
                .optional();
    }

    /**
     * One page of a cluster's jobs, by name. Keyset paging: pass the last name of the previous page
     * as {@code afterName}, so pages stay consistent while jobs come and go.
     *
     * @param jobNameEquals only the job of that name, when given
     * @param jarNameEquals only jobs of that jar, when given
     * @param afterName only names strictly after this one, when given
     * @param limit the most jobs to return, at least 1
     */
    public List<Job> list(
            String clusterId,
            @Nullable String jobNameEquals,
            @Nullable String jarNameEquals,
            @Nullable String afterName,
            int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE cluster_id = :clusterId");
        if (jobNameEquals != null) {
            sql.append(" AND name = :jobName");
        }
        if (jarNameEquals != null) {
            sql.append(" AND jar_name = :jarName");
        }
        if (afterName != null) {
            sql.append(" AND name > :afterName");
        }
        sql.append(" ORDER BY name FETCH FIRST :limit ROWS ONLY");
        JdbcClient.StatementSpec statement =
                jdbc.sql(sql.toString()).param("clusterId", clusterId).param("limit", limit);
        if (jobNameEquals != null) {
            statement = statement.param("jobName", jobNameEquals);
        }
        if (jarNameEquals != null) {
            statement = statement.param("jarName", jarNameEquals);
        }
        if (afterName != null) {
            statement = statement.param("afterName", afterName);
        }
        return statement.query(JobStore::job).list();
    }

    /** Every job of a cluster, by name: what the status observer follows. */
    public List<Job> listByCluster(String clusterId) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM jobs WHERE cluster_id = :clusterId ORDER BY name")
                .param("clusterId", clusterId)
                .query(JobStore::job)
                .list();
    }

    /**
     * Changes a job under its row lock, in the caller's transaction or one of its own. Writes every
     * column but the identity (id, cluster, name) and createdAt; sets updatedAt.
     *
     * @param change gets the job as stored; whatever it throws propagates unchanged and nothing is
     *     written
     * @return the job as stored now
     * @throws java.util.NoSuchElementException when there is no job with that id
     * @throws IllegalArgumentException when {@code change} alters the job's identity
     */
    public Job update(long id, UnaryOperator<Job> change) {
        return lockedUpdate.apply(
                () ->
                        jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id FOR UPDATE")
                                .param("id", id)
                                .query(JobStore::job)
                                .optional(),
                current -> sameIdentity(current, change.apply(current)),
                this::write,
                () -> "no job with id " + id);
    }

    /** Deletes a job; its alert {@code job.deleted} is outboxed in the caller's transaction. */
    public void delete(long id) {
        findById(id).ifPresent(job -> alerts.add(job, ChangeAlerts.JOB_DELETED, deleted(job)));
        jdbc.sql("DELETE FROM jobs WHERE id = :id").param("id", id).update();
    }

    private static Map<String, String> deleted(Job job) {
        String operation = job.lastAction().activeId();
        return operation == null ? Map.of() : Map.of("operationId", operation);
    }

    public int countByCluster(String clusterId) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE cluster_id = :clusterId")
                .param("clusterId", clusterId)
                .query(Long.class)
                .single()
                .intValue();
    }

    /** Callers and actions refer to a job by its identity; a change that alters it is a bug. */
    private static Job sameIdentity(Job current, Job changed) {
        Objects.requireNonNull(changed, "the change returned no job");
        if (changed.id() != current.id()
                || !Objects.equals(changed.clusterId(), current.clusterId())
                || !Objects.equals(changed.name(), current.name())) {
            throw new IllegalArgumentException(
                    "an update cannot change a job's id, cluster or name: job " + current.id());
        }
        return changed;
    }

    private Job write(Job current, Job changed) {
        Instant now = Columns.now();
        jdbc.sql(
                        "UPDATE jobs SET jar_directory = :jarDirectory, jar_name = :jarName,"
                                + " entry_class = :entryClass, args = :args,"
                                + " flink_configuration = :flinkConfiguration,"
                                + " flink_job_id = :flinkJobId, run_id = :runId, status = :status,"
                                + " status_reason = :statusReason, last_action = :lastAction,"
                                + " action_result = :actionResult, job_output = :jobOutput,"
                                + " last_savepoint = :lastSavepoint,"
                                + " last_checkpoint = :lastCheckpoint,"
                                + " active_action_id = :activeActionId, updated_at = :updatedAt"
                                + " WHERE id = :id")
                .param("jarDirectory", changed.spec().jarDirectory())
                .param("jarName", changed.spec().jarName())
                .param("entryClass", changed.spec().entryClass())
                .param("args", changed.spec().args())
                .param("flinkConfiguration", json(changed.spec().flinkConfiguration()))
                .param("flinkJobId", changed.run().flinkJobId())
                .param("runId", changed.run().id())
                .param("status", name(changed.run().status()))
                .param("statusReason", changed.run().statusReason())
                .param("lastAction", name(changed.lastAction().type()))
                .param("actionResult", name(changed.lastAction().result()))
                .param("jobOutput", changed.lastAction().output())
                .param("lastSavepoint", changed.restorePoints().savepoint())
                .param("lastCheckpoint", changed.restorePoints().checkpoint())
                .param("activeActionId", changed.lastAction().activeId())
                .param("updatedAt", timestamp(now))
                .param("id", current.id())
                .update();
        // In the same transaction: an alert is outboxed exactly when the change it reports commits.
        for (ChangeAlerts.Raised raised : ChangeAlerts.of(current, changed)) {
            alerts.add(changed, raised.type(), raised.data());
        }
        return changed.stored(current.id(), current.createdAt(), now);
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        JobSpec spec =
                new JobSpec(
                        rs.getString("jar_directory"),
                        rs.getString("jar_name"),
                        rs.getString("entry_class"),
                        rs.getString("args"),
                        map(rs, "flink_configuration"));
        JobRun run =
                new JobRun(
                        rs.getString("run_id"),
                        rs.getString("flink_job_id"),
                        enumValue(JobStatus.class, rs, "status"),
                        rs.getString("status_reason"));
        LastAction lastAction =
                new LastAction(
                        enumValue(JobActionType.class, rs, "last_action"),
                        enumValue(ActionResult.class, rs, "action_result"),
                        rs.getString("job_output"),
                        rs.getString("active_action_id"));
        RestorePoints restorePoints =
                new RestorePoints(rs.getString("last_savepoint"), rs.getString("last_checkpoint"));
        return new Job(
                rs.getLong("id"),
                rs.getString("cluster_id"),
                rs.getString("name"),
                spec,
                run,
                lastAction,
                restorePoints,
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
