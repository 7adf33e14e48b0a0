package dev.sluice.server.security;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The security store contract on H2 in memory, as the embedded default runs it. */
class H2SecurityStoreTest extends SecurityStoreContract {

    private DataSource dataSource;

    @Override
    DataSource startDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:security-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        dataSource = h2;
        return h2;
    }

    @Override
    void stopDatabase() {
        JdbcClient.create(dataSource).sql("SHUTDOWN").update();
    }
}
