package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Servers sharing a database sign with one key, whichever of them starts first and however many.
 */
class SharedSigningKeyTest {

    private final JdbcClient jdbc;

    SharedSigningKeyTest() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).load().migrate();
        jdbc = JdbcClient.create(h2);
    }

    @AfterEach
    void close() {
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void serversStartingAtOnceAllGetTheSameKey() throws Exception {
        int servers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            List<Future<SigningKey>> started = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                started.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return SigningKey.shared(jdbc);
                                }));
            }
            go.countDown();
            Set<String> keys = new HashSet<>();
            for (Future<SigningKey> key : started) {
                keys.add(key.get().key().toJSONString());
            }
            assertThat(keys).hasSize(1);
            assertThat(SigningKey.shared(jdbc).key().toJSONString()).isIn(keys);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_keys").query(Integer.class).single())
                .isEqualTo(1);
    }
}
