package dev.sluice.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second server on an H2 data dir in use is told so, and what to do instead. */
class H2InUseFailureAnalyzerTest {

    @TempDir Path data;

    @Test
    void anotherProcessOpeningTheFileInUseFailsWithTheCodeTheAnalyzerKnows() throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db/sluice") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection first = DriverManager.getConnection(url, "sa", "")) {
            Process second =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    "org.h2.tools.Shell",
                                    "-url",
                                    url,
                                    "-user",
                                    "sa",
                                    "-sql",
                                    "SELECT 1")
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("" + H2InUseFailureAnalyzer.DATABASE_ALREADY_OPEN);
        }
    }

    @Test
    void theAnalysisNamesTheOtherServerAndPostgres() {
        SQLException inUse =
                new SQLException(
                        "Database may be already in use",
                        "90020",
                        H2InUseFailureAnalyzer.DATABASE_ALREADY_OPEN);
        FailureAnalysis analysis =
                new H2InUseFailureAnalyzer()
                        .analyze(
                                new IllegalStateException(
                                        "context failed",
                                        new SQLException("Flyway could not connect", inUse)));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("Another Sluice server");
        assertThat(analysis.getAction()).contains("SLUICE_DATABASE_URL");
        assertThat(new H2InUseFailureAnalyzer().analyze(new SQLException("other", "42000", 1)))
                .isNull();
    }
}
