package dev.sluice.server.store;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The store contract on H2 in memory, in the mode the embedded default runs it. */
class H2StoreContractTest extends StoreContract {

    private DataSource dataSource;

    @Override
    DataSource startDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        // DB_CLOSE_DELAY=-1: the database lives while no connection is open, until SHUTDOWN.
        h2.setURL("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        dataSource = h2;
        return h2;
    }

    @Override
    void stopDatabase() {
        JdbcClient.create(dataSource).sql("SHUTDOWN").update();
    }
}
