package dev.sluice.server.job;

import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.Ids;
import dev.sluice.server.common.WebhookKeys;
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
 * caller's transaction, for the webhook of the job or else of its cluster ({@value #URL}, signed
 * with {@value #SECRET} when set); the {@code alert} package's sender delivers the due rows with
 * retries.
 */
@Repository
public class AlertOutbox {

    /** The job's (or its cluster's) webhook: an http or https URL. */
    public static final String URL = WebhookKeys.URL;

    /** The shared secret of the HMAC-SHA256 signature; write-only. */
    public static final String SECRET = WebhookKeys.SECRET;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "id, job_id, event_type, url, secret, body, state, attempts, next_attempt,"
                    + " last_status, last_error, updated_at";

    private final JdbcClient jdbc;
    private final ResourceStore clusters;

    public AlertOutbox(JdbcClient jdbc, ResourceStore clusters) {
        this.jdbc = jdbc;
        this.clusters = clusters;
    }

    /**
     * Where a job's events go: to the job's own webhook, else to its cluster's, which serves every
     * job of the cluster that names none.
     *
     * @param url an http or https URL
     * @param secret the shared secret, null for unsigned deliveries
     * @param fromCluster whether the cluster's keys name it
     */
    public record Webhook(String url, String secret, boolean fromCluster) {

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", signed=" + (secret != null) + "]";
        }
    }

    /** The webhook the job's events go to, if any. */
    public Optional<Webhook> webhookOf(Job job) {
        Optional<Webhook> own = webhook(job.spec().flinkConfiguration(), false);
        return own.isPresent()
                ? own
                : clusters.findCluster(job.clusterId())
                        .flatMap(cluster -> webhook(configurationOf(cluster), true));
    }

    private static Optional<Webhook> webhook(Map<String, String> keys, boolean fromCluster) {
        String url = keys.get(URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String secret = keys.get(SECRET);
        return Optional.of(
                new Webhook(
                        url.strip(),
                        secret == null || secret.isEmpty() ? null : secret,
                        fromCluster));
    }

    private static Map<String, String> configurationOf(ClusterRecord cluster) {
        try {
            return ClusterDefinition.of(cluster).flink().flinkConfiguration();
        } catch (RuntimeException e) {
            return Map.of(); // a row without a readable definition has no webhook
        }
    }

    /**
     * Adds an event for the job's webhook (its own, else its cluster's), none when it has none.
     *
     * @param type e.g. {@code action.ended}
     * @param data what happened, rendered under {@code data}
     */
    public void add(Job job, String type, Map<String, String> data) {
        Optional<Webhook> webhook = webhookOf(job);
        if (webhook.isEmpty()) {
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
                .param("url", webhook.get().url())
                .param("secret", webhook.get().secret())
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
