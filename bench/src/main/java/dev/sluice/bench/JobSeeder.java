package dev.sluice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Writes job rows straight into a Sluice server's H2 database (schema V1__init.sql). */
final class JobSeeder implements AutoCloseable {

    private static final String COLUMNS =
            "cluster_id, name, jar_directory, jar_name, entry_class, args, flink_configuration,"
                    + " flink_job_id, run_id, status, status_reason, last_action, action_result,"
                    + " job_output, last_savepoint, last_checkpoint, active_action_id, created_at,"
                    + " updated_at";

    private final Connection db;

    /** Opens a stopped server's database (a running one holds an exclusive lock on its file). */
    JobSeeder(Path dataDir) {
        this(url(dataDir, false));
    }

    private JobSeeder(String url) {
        try {
            db = DriverManager.getConnection(url, "sa", "");
            db.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the server's database: " + e, e);
        }
    }

    /** Opens the database of a running server started with {@link #autoServerUrl}. */
    static JobSeeder ofRunningServer(Path dataDir) {
        return new JobSeeder(url(dataDir, true));
    }

    /**
     * The server's default H2 URL plus AUTO_SERVER: the server (first to open the file) keeps using
     * it in-process and also serves it on a loopback port, which this seeder connects to.
     */
    static String autoServerUrl(Path dataDir) {
        return url(dataDir, true);
    }

    private static String url(Path dataDir, boolean autoServer) {
        return "jdbc:h2:file:"
                + dataDir.resolve("db/sluice")
                + (autoServer ? ";AUTO_SERVER=TRUE" : ";DB_CLOSE_ON_EXIT=FALSE")
                // As the server's default: each commit written before it returns.
                + ";WRITE_DELAY=0";
    }

    /**
     * Adds {@code count} copies of a job the API created (every column as the server wrote it),
     * each under its own name and with its own Flink job id; returns the cluster's job count.
     */
    int copies(String cluster, String template, int count, String prefix) {
        String sql =
                "INSERT INTO jobs ("
                        + COLUMNS
                        + ") SELECT cluster_id, ?, jar_directory, jar_name, entry_class, args,"
                        + " flink_configuration, ?, ?, status, status_reason, last_action,"
                        + " action_result, job_output, last_savepoint, last_checkpoint, NULL,"
                        + " created_at, updated_at FROM jobs WHERE cluster_id = ? AND name = ?";
        String clusterId = clusterId(cluster);
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, String.format(Locale.ROOT, "%s-%04d", prefix, i));
                insert.setString(2, hexId());
                insert.setString(3, hexId());
                insert.setString(4, clusterId);
                insert.setString(5, template);
                insert.addBatch();
            }
            check(insert.executeBatch(), count, "copies of " + template);
            db.commit();
            return count(clusterId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed jobs: " + e, e);
        }
    }

    /**
     * Adds RUNNING jobs whose Flink job ids and latest checkpoint are what the fake Flink of figure
     * 5 reports, so the observer follows them without anything to write.
     */
    void running(String cluster, List<String> names, List<String> flinkJobIds, Path storage) {
        String sql =
                "INSERT INTO jobs ("
                        + COLUMNS
                        + ") VALUES (?, ?, ?, 'counter.jar', ?, ?, ?, ?, ?, 'RUNNING', NULL, 'NEW',"
                        + " 'SUCCESS', ?, NULL, ?, NULL, ?, ?)";
        String clusterId = clusterId(cluster);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                String flinkJobId = flinkJobIds.get(i);
                insert.setString(1, clusterId);
                insert.setString(2, names.get(i));
                insert.setString(3, storage.resolve("jars").toUri().toString());
                insert.setString(4, Repo.ENTRY_CLASS);
                insert.setString(5, "--output /tmp/out --rate 20 --keys 2");
                insert.setString(
                        6,
                        "{\"parallelism\":\"1\",\"savepoint.directory\":\""
                                + storage.resolve("savepoints").toUri()
                                + "\"}");
                insert.setString(7, flinkJobId);
                insert.setString(8, hexId());
                insert.setString(9, "Job submitted; Flink job id " + flinkJobId);
                insert.setString(10, FakeFlink.checkpointPath(flinkJobId));
                insert.setObject(11, now);
                insert.setObject(12, now);
                insert.addBatch();
            }
            check(insert.executeBatch(), names.size(), "running jobs");
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed jobs: " + e, e);
        }
    }

    /** Removes a cluster's jobs whose names sort at or after {@code fromName}. */
    void deleteFrom(String cluster, String fromName) {
        try (PreparedStatement delete =
                db.prepareStatement("DELETE FROM jobs WHERE cluster_id = ? AND name >= ?")) {
            delete.setString(1, clusterId(cluster));
            delete.setString(2, fromName);
            delete.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete jobs: " + e, e);
        }
    }

    int count(String clusterId) {
        try (PreparedStatement query =
                db.prepareStatement("SELECT COUNT(*) FROM jobs WHERE cluster_id = ?")) {
            query.setString(1, clusterId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count jobs: " + e, e);
        }
    }

    /** The stored id of the benchmark pool's cluster of that name. */
    String clusterId(String cluster) {
        try (PreparedStatement query =
                db.prepareStatement("SELECT id FROM clusters WHERE LOWER(id) = ?")) {
            query.setString(1, SluiceApi.cluster(cluster).toLowerCase(Locale.ROOT));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No cluster " + cluster + " in the database");
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot find cluster " + cluster + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close the database: " + e, e);
        }
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void check(int[] counts, int expected, String what) {
        int total = 0;
        for (int count : counts) {
            total += count < 0 ? 1 : count; // SUCCESS_NO_INFO counts as one row
        }
        if (total != expected) {
            throw new IllegalStateException("Seeded " + total + " of " + expected + " " + what);
        }
    }
}
