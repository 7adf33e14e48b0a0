package dev.sluice.server.store;

import org.junit.jupiter.api.extension.ExtendWith;

/** The Leases contract on H2 in memory, in the mode the embedded default runs it. */
@ExtendWith(StoreDatabase.OnH2.class)
class H2LeasesTest extends LeasesContract {}
