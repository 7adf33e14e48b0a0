package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir Path dir;

    @Test
    void reasonIsTheInnermostCause() {
        String output =
                "Exception in thread \"main\" org.apache.flink.configuration.IllegalConfigurationException: TaskManager memory configuration failed: outer\n"
                        + "\tat org.apache.flink.Foo.bar(Foo.java:1)\n"
                        + "Caused by: org.apache.flink.configuration.IllegalConfigurationException: Sum of configured JVM Metaspace exceeds Total Process Memory\n"
                        + "\t... 3 more\n";

        assertThat(LogTail.reason(output))
                .isEqualTo(
                        "org.apache.flink.configuration.IllegalConfigurationException: Sum of configured JVM Metaspace exceeds Total Process Memory");
    }

    @Test
    void reasonWithoutExceptionIsTheLastLine() {
        assertThat(LogTail.reason("starting\nError: could not find main class\n\n"))
                .isEqualTo("Error: could not find main class");
        assertThat(LogTail.reason("")).isEqualTo("(no output)");
    }

    /** Moved from ClusterDefinitionTest: the reason used to be parsed out of this text. */
    @Test
    void aStartFailureReadsAsItsCauseNotAsALogDump() {
        String tails =
                "Last lines of /data/clusters/session-abc123/log/jobmanager.log:\n"
                        + "2025-01-01 INFO starting\n"
                        + "org.apache.flink.configuration.IllegalConfigurationException: bad\n"
                        + "Caused by: java.lang.IllegalArgumentException: memory too small\n"
                        + "Last lines of /data/clusters/session-abc123/log/jobmanager.out:\n"
                        + "(no jobmanager.out)";

        DeploymentFailure failure =
                LogTail.failure(
                        Kind.PROCESS_EXITED,
                        "The jobmanager of cluster session-abc123 exited with code 1 before the"
                                + " cluster was ready.",
                        tails);

        assertThat(failure.kind()).isEqualTo(Kind.PROCESS_EXITED);
        assertThat(failure.message())
                .startsWith("The jobmanager of cluster session-abc123 exited with code 1")
                .contains("Cause: java.lang.IllegalArgumentException: memory too small")
                .doesNotContain("INFO starting");
        assertThat(failure.logTail()).isEqualTo(tails);
    }

    @Test
    void aTailWithoutAnExceptionAddsNoCause() {
        DeploymentFailure failure =
                LogTail.failure(Kind.TIMEOUT, "Cluster c was not ready within 1 s.", "just INFO");

        assertThat(failure.message()).isEqualTo("Cluster c was not ready within 1 s.");
    }

    @Test
    void tailKeepsTheLastLines() throws IOException {
        Path log = dir.resolve("jobmanager.log");
        Files.writeString(
                log,
                IntStream.rangeClosed(1, 100)
                        .mapToObj(i -> "line " + i)
                        .collect(Collectors.joining("\n")));

        assertThat(LogTail.of(log, 3)).isEqualTo("line 98\nline 99\nline 100");
        assertThat(LogTail.of(dir.resolve("absent.log"), 3)).isEqualTo("(no absent.log)");
    }
}
