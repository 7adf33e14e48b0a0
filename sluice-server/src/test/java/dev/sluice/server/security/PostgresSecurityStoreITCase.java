package dev.sluice.server.security;

import dev.sluice.server.store.TestPostgres;
import javax.sql.DataSource;

/** The security store contract on a real PostgreSQL (V2__security.sql must run there too). */
class PostgresSecurityStoreITCase extends SecurityStoreContract {

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
