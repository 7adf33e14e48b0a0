package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.WAIT;
import static dev.sluice.server.job.JobApiFixture.args;
import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /actuator/prometheus} against real Flink: after a NEW, the scrape shows the action counted
 * by type and result, its duration, the job in the jobs-by-status gauge, the Flink calls the action
 * made and the observer's rounds; without a token it answers 401.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusITCase {

    private JobApiFixture sluice;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    void aScrapeAfterNewShowsTheActionAndTheRunningJob() {
        Answer before = sluice.api().get("/actuator/prometheus");
        assertThat(before.status()).as(before.raw()).isEqualTo(200);
        assertThat(value(before.raw(), "sluice_actions_total", "result=\"SUCCESS\",type=\"NEW\""))
                .contains(0.0);
        assertThat(value(before.raw(), "sluice_jobs", "status=\"RUNNING\"")).contains(0.0);

        sluice.run(sluice.newJob("scraped", args(sluice.jars().resolveSibling("out"))));
        sluice.awaitStatus("scraped", "RUNNING", WAIT);
        // The table figures are cached for a second, and the observer's timer lives on the global
        // registry (other servers in this JVM count too): wait for the scrape to show the NEW.
        await(
                "a scrape with the NEW and an observer round",
                WAIT,
                () -> {
                    String scraped = scrape();
                    return value(scraped, "sluice_actions_total", "result=\"SUCCESS\",type=\"NEW\"")
                                            .orElse(0.0)
                                    > 0
                            && value(scraped, "sluice_observer_round_seconds_count", "").orElse(0.0)
                                    > 0;
                });
        String after = scrape();

        assertThat(value(after, "sluice_actions_total", "result=\"SUCCESS\",type=\"NEW\""))
                .contains(1.0);
        assertThat(value(after, "sluice_actions_total", "result=\"FAILED\",type=\"NEW\""))
                .contains(0.0);
        assertThat(value(after, "sluice_actions_duration_seconds_count", "type=\"NEW\""))
                .contains(1.0);
        assertThat(value(after, "sluice_actions_duration_seconds_sum", "type=\"NEW\""))
                .hasValueSatisfying(s -> assertThat(s).isPositive());
        assertThat(value(after, "sluice_actions_in_progress", "type=\"NEW\"")).contains(0.0);
        assertThat(value(after, "sluice_jobs", "status=\"RUNNING\"")).contains(1.0);
        assertThat(value(after, "sluice_jobs", "status=\"FAILED\"")).contains(0.0);
        assertThat(value(after, "sluice_flink_calls_total", "endpoint=\"POST /jars/upload\""))
                .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1.0));

        Answer anonymous = new ArmClient(sluice.server().port()).get("/actuator/prometheus");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private String scrape() {
        return sluice.api().get("/actuator/prometheus").raw();
    }

    /** The value of a sample whose labels start with {@code labels} (Prometheus sorts them). */
    private static Optional<Double> value(String scrape, String name, String labels) {
        Pattern sample =
                Pattern.compile(
                        "(?m)^"
                                + Pattern.quote(name)
                                + (labels.isEmpty()
                                        ? "(\\{[^}]*})?"
                                        : "\\{" + Pattern.quote(labels) + "[^}]*}")
                                + " (\\S+)$");
        Matcher m = sample.matcher(scrape);
        return m.find()
                ? Optional.of(Double.parseDouble(m.group(m.groupCount())))
                : Optional.empty();
    }
}
