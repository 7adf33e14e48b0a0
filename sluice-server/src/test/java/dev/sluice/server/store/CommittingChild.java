package dev.sluice.server.store;

import dev.sluice.api.JobActionType;
import dev.sluice.server.job.ActionOutcome;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.JobAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A process that commits actions through {@link ActionStore} on the application's default H2 URL
 * and prints each id once its commit returned, until {@link DurableCommitITCase} kills it.
 */
final class CommittingChild {

    static final String COMMITTED = "committed ";

    private CommittingChild() {}

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        // One connection held open, as the server's pool does: closing the last connection would
        // close (and flush) the database, which a crash never does.
        SingleConnectionDataSource db =
                new SingleConnectionDataSource(defaultUrl(dataDir), "sa", "", true);
        Flyway.configure().dataSource(db).load().migrate();
        ActionStore actions = new ActionStore(JdbcClient.create(db));
        for (int i = 0; ; i++) {
            String id = "durable-" + i;
            actions.insert(action(id));
            System.out.println(COMMITTED + id);
            System.out.flush();
        }
    }

    /**
     * {@code spring.datasource.url} as application.properties resolves it for a data dir, without
     * the environment variable that overrides it.
     */
    static String defaultUrl(Path dataDir) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                "test", Map.of("sluice.data-dir", dataDir.toString())));
        try {
            environment
                    .getPropertySources()
                    .addLast(new ResourcePropertySource("classpath:application.properties"));
        } catch (IOException e) {
            throw new IllegalStateException("application.properties is not on the classpath", e);
        }
        return environment.getRequiredProperty("spring.datasource.url");
    }

    private static JobAction action(String id) {
        return new JobAction(
                id,
                1,
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.hdinsight/clusterpools/p/clusters/c",
                "job",
                JobActionType.STOP,
                "owner",
                Map.of(),
                ActionProgress.NONE,
                ActionOutcome.IN_PROGRESS,
                null,
                null);
    }
}
