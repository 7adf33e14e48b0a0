package dev.sluice.server.job;

import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.server.common.Ids;
import dev.sluice.server.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable outbox of webhook alerts ({@code alert_events}): an event is a row, written in the
 * caller's transaction, for the webhook of the job ({@value #URL}, signed with {@value #SECRET}
 * when set); the {@code alert} package's sender delivers the due rows with retries.
 */
@Repository
public class AlertOutbox {

    /** The job's webhook: an http or https URL. */
    public static final String URL = "sluice.alerts.webhook.url";

    /** The shared secret of the HMAC-SHA256 signature; write-only. */
    public static final String SECRET = "sluice.alerts.webhook.secret";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "id, job_id, event_type, url, secret, body, state, attempts, next_attempt,"
                    + " last_status, last_error, updated_at";

    private final JdbcClient jdbc;

    public AlertOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds an event for the job's webhook, none when it has none.
     *
     * @param type e.g. {@code action.ended}
     * @param data what happened, rendered under {@code data}
     */
    public void add(Job job, String type, Map<String, String> data) {
        String url = job.spec().flinkConfiguration().get(URL);
        if (url == null || url.isBlank()) {
            return;
        }
        Instant now = Columns.now();
        String id = Ids.newId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("time", now.toString());
        body.put("cluster", job.clusterId());
        body.put("job", job.name());
        body.put("status", job.run().status().name());
        body.put("data", data);
        String secret = job.spec().flinkConfiguration().get(SECRET);
        jdbc.sql(
                        "INSERT INTO alert_events (id, job_id, cluster_id, job_name, event_type, url,"
                                + " secret, body, state, attempts, next_attempt, created_at,"
                                + " updated_at) VALUES (:id, :jobId, :clusterId, :jobName, :type,"
                                + " :url, :secret, :body, :state, 0, :now, :now, :now)")
                .param("id", id)
                .param("jobId", job.id())
                .param("clusterId", job.clusterId())
                .param("jobName", job.name())
                .param("type", type)
                .param("url", url.strip())
                .param("secret", secret == null || secret.isEmpty() ? null : secret)
                .param("body", JSON.writeValueAsString(body))
                .param("state", AlertEvent.PENDING)
                .param("now", timestamp(now))
                .update();
    }

    /** Pending events due at {@code now}, oldest first. */
    public List<AlertEvent> due(Instant now, int limit) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM alert_events WHERE state = :state AND next_attempt <= :now"
                                + " ORDER BY next_attempt, id FETCH FIRST :limit ROWS ONLY")
                .param("state", AlertEvent.PENDING)
                .param("now", timestamp(now))
                .param("limit", limit)
                .query(AlertOutbox::event)
                .list();
    }

    /**
     * Takes a due event for one attempt: counts it and moves its next attempt to {@code retryAt},
     * so a sender that dies mid-attempt leaves it to be retried, and another server that read it
     * too does not send it as well.
     *
     * @return whether this caller took it
     */
    public boolean claim(AlertEvent event, Instant retryAt) {
        return jdbc.sql(
                                "UPDATE alert_events SET attempts = attempts + 1,"
                                        + " next_attempt = :retryAt WHERE id = :id"
                                        + " AND state = :state AND attempts = :attempts")
                        .param("retryAt", timestamp(retryAt))
                        .param("id", event.id())
                        .param("state", AlertEvent.PENDING)
                        .param("attempts", event.attempts())
                        .update()
                == 1;
    }

    /**
     * Records how an attempt went.
     *
     * @param state DELIVERED, PENDING (retried at {@code nextAttempt}) or FAILED
     */
    public void recordAttempt(
            String id, String state, Integer status, String error, Instant nextAttempt) {
        jdbc.sql(
                        "UPDATE alert_events SET state = :state, last_status = :status,"
                                + " last_error = :error, next_attempt = :next,"
                                + " updated_at = :now WHERE id = :id")
                .param("state", state)
                .param("status", status)
                .param("error", error == null ? null : truncate(error, 1000))
                .param("next", timestamp(nextAttempt))
                .param("now", timestamp(Columns.now()))
                .param("id", id)
                .update();
    }

    /** The job's latest attempted delivery, if any. */
    public Optional<AlertEvent> lastDelivery(long jobId) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM alert_events WHERE job_id = :jobId AND attempts > 0"
                                + " ORDER BY updated_at DESC, id DESC FETCH FIRST 1 ROWS ONLY")
                .param("jobId", jobId)
                .query(AlertOutbox::event)
                .optional();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static AlertEvent event(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new AlertEvent(
                rs.getString("id"),
                rs.getLong("job_id"),
                rs.getString("event_type"),
                rs.getString("url"),
                rs.getString("secret"),
                rs.getString("body"),
                rs.getString("state"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt"),
                lastStatus,
                rs.getString("last_error"),
                instant(rs, "updated_at"));
    }
}
