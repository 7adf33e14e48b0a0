package dev.sluice.server.job;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Flink 1.20 session cluster that the job API test classes share: started by the first class
 * that asks for it and stopped when the test run ends, so splitting those classes costs no extra
 * cluster start.
 */
final class SessionFlink implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private final Path work;
    private final LocalProcessDeployer deployer;
    private final LocalCluster cluster;
    private final FlinkClient client;

    private SessionFlink(Path work) {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        cluster =
                deployer.start(
                        new LocalClusterSpec(
                                "jobs-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                4,
                                Map.of("taskmanager.memory.managed.size", "32m")));
        client = new RestFlinkClient(cluster.restUrl());
    }

    URI restUrl() {
        return cluster.restUrl();
    }

    FlinkClient client() {
        return client;
    }

    /**
     * Cancels every job still running, so the next test class starts on free slots and no job
     * writes into a test directory that JUnit is deleting.
     */
    void cancelRunningJobs() {
        client.jobsOverview().stream()
                .filter(job -> !job.state().isGloballyTerminal())
                .forEach(job -> client.cancelJob(job.jobId()));
        TestFlink.await(
                "no running job",
                WAIT,
                () ->
                        client.jobsOverview().stream()
                                .allMatch(job -> job.state().isGloballyTerminal()));
    }

    @Override
    public void close() throws IOException {
        deployer.stopAll();
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Resolves a {@code SessionFlink} parameter to the run's one session cluster. */
    static final class Shared implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SessionFlink.class;
        }

        @Override
        public SessionFlink resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.create(SessionFlink.class))
                    .computeIfAbsent(SessionFlink.class, key -> start(), SessionFlink.class);
        }

        private static SessionFlink start() {
            try {
                return new SessionFlink(Files.createTempDirectory("sluice-session-flink"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
