package dev.sluice.server.job;

import dev.sluice.api.JobActionType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sluice's job metrics for {@code /actuator/prometheus}, read from the tables rather than counted
 * in memory: the engine stays as it is, the figures survive a restart and every server of one
 * database reports the same. Jobs by status (gauge), ended actions by type and result (counter),
 * their duration by type (timer, from asked to ended) and the actions still in progress (gauge).
 * One pair of grouped queries per scrape at most: a snapshot is reused for {@value #FRESH_MS} ms.
 */
@Component
class JobMetrics implements MeterBinder {

    static final String JOBS = "sluice.jobs";
    static final String ACTIONS = "sluice.actions";
    static final String ACTIONS_IN_PROGRESS = "sluice.actions.in.progress";
    static final String ACTION_DURATION = "sluice.actions.duration";

    private static final long FRESH_MS = 1000;

    private final JdbcClient jdbc;
    private final LongSupplier clock;
    private Snapshot snapshot;

    JobMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = System::currentTimeMillis;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder(JOBS, this, m -> m.current().jobs(status.name()))
                    .description("Jobs by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        for (JobActionType type : JobActionType.values()) {
            for (ActionResult result : ActionResult.values()) {
                if (result == ActionResult.IN_PROGRESS) {
                    continue;
                }
                FunctionCounter.builder(
                                ACTIONS, this, m -> m.current().count(type.name(), result.name()))
                        .description("Ended job actions by type and result")
                        .tags("type", type.name(), "result", result.name())
                        .register(registry);
            }
            Gauge.builder(
                            ACTIONS_IN_PROGRESS,
                            this,
                            m -> m.current().count(type.name(), ActionResult.IN_PROGRESS.name()))
                    .description("Job actions in progress by type")
                    .tag("type", type.name())
                    .register(registry);
            FunctionTimer.builder(
                            ACTION_DURATION,
                            this,
                            m -> m.current().endedCount(type.name()),
                            m -> m.current().endedSeconds(type.name()),
                            TimeUnit.SECONDS)
                    .description("Duration of ended job actions, from asked to ended, by type")
                    .tag("type", type.name())
                    .register(registry);
        }
    }

    private synchronized Snapshot current() {
        long now = clock.getAsLong();
        if (snapshot == null || now - snapshot.takenAt() >= FRESH_MS) {
            snapshot = read(now);
        }
        return snapshot;
    }

    private Snapshot read(long now) {
        Map<String, Long> jobs = new HashMap<>();
        jdbc.sql("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
                .query(
                        rs -> {
                            jobs.put(String.valueOf(rs.getString("status")), rs.getLong("n"));
                        });
        Map<String, Long> actions = new HashMap<>();
        Map<String, Long> endedCount = new HashMap<>();
        Map<String, Double> endedSeconds = new HashMap<>();
        // Per-row differences, summed: exact enough however many rows there are.
        jdbc.sql(
                        "SELECT action_type, result, COUNT(*) AS n, SUM(EXTRACT(EPOCH FROM"
                                + " ended_at) - EXTRACT(EPOCH FROM created_at)) AS seconds FROM"
                                + " job_actions GROUP BY action_type, result")
                .query(
                        rs -> {
                            String type = String.valueOf(rs.getString("action_type"));
                            String result = String.valueOf(rs.getString("result"));
                            long n = rs.getLong("n");
                            actions.put(type + "/" + result, n);
                            double seconds = rs.getDouble("seconds");
                            if (!ActionResult.IN_PROGRESS.name().equals(result) && !rs.wasNull()) {
                                endedCount.merge(type, n, Long::sum);
                                endedSeconds.merge(type, seconds, Double::sum);
                            }
                        });
        return new Snapshot(now, jobs, actions, endedCount, endedSeconds);
    }

    /** The figures of one read of the tables. */
    private record Snapshot(
            long takenAt,
            Map<String, Long> jobsByStatus,
            Map<String, Long> actions,
            Map<String, Long> endedCounts,
            Map<String, Double> endedSeconds) {

        double jobs(String status) {
            return jobsByStatus.getOrDefault(status, 0L);
        }

        double count(String type, String result) {
            return actions.getOrDefault(type + "/" + result, 0L);
        }

        long endedCount(String type) {
            return endedCounts.getOrDefault(type, 0L);
        }

        double endedSeconds(String type) {
            return endedSeconds.getOrDefault(type, 0.0);
        }
    }
}
