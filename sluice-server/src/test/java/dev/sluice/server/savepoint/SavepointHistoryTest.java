package dev.sluice.server.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SavepointHistoryTest {

    private final JdbcClient jdbc;
    private final SavepointHistory history;

    SavepointHistoryTest() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).load().migrate();
        jdbc = JdbcClient.create(h2);
        history = new SavepointHistory(jdbc);
    }

    @AfterEach
    void shutdown() {
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void theHistoriesOfSeveralJobsInOneReadAreEachJobsOwnNewestFirst() {
        record(1, "a-old", "2026-12-01T00:00:00Z");
        record(1, "a-new", "2026-12-02T00:00:00Z");
        record(2, "b", "2026-12-01T12:00:00Z");
        record(3, "c", "2026-12-01T12:00:00Z");

        Map<Long, List<SavepointRecord>> read = history.listForJobs(List.of(1L, 2L, 4L));

        assertThat(read.keySet()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(read.get(1L))
                .extracting(r -> r.entry().name())
                .containsExactly("a-new", "a-old");
        assertThat(read.get(1L)).isEqualTo(history.listForJob(1));
        assertThat(read.get(2L)).extracting(r -> r.entry().name()).containsExactly("b");
        assertThat(history.listForJobs(List.of())).isEmpty();
    }

    private void record(long jobId, String name, String time) {
        history.record(
                jobId,
                "cluster",
                "job-" + jobId,
                new SavepointEntry(
                        name, "file:/sp/" + jobId + "/" + name, Instant.parse(time), true, 10),
                SavepointKind.MANUAL,
                null);
    }
}
