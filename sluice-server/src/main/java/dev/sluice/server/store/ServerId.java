package dev.sluice.server.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This server's id in the leases: {@code sluice.server.id} when set, else host and port, which stay
 * the same across restarts so a restarted server takes its own claims back at once.
 */
@Component
public final class ServerId {

    private final String value;
    private final boolean sharedDatabase;

    @Autowired
    ServerId(Environment environment) {
        this(
                configuredOrDefault(environment),
                !environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:"));
    }

    /**
     * A server id given as is (tests, tools).
     *
     * @param sharedDatabase whether other servers may share the database (not H2)
     */
    public ServerId(String value, boolean sharedDatabase) {
        this.sharedDatabase = sharedDatabase;
        if (value == null || value.isBlank() || value.length() > 256) {
            throw new IllegalArgumentException("A server id has 1 to 256 characters");
        }
        this.value = value;
    }

    private static String configuredOrDefault(Environment environment) {
        String configured = environment.getProperty("sluice.server.id");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:")) {
            return "embedded";
        }
        String port = environment.getProperty("server.port", "8080");
        // Port 0 (a random one, tests) says nothing stable: such a server is one of a kind.
        String suffix = "0".equals(port) ? UUID.randomUUID().toString() : port;
        return host() + ":" + suffix;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String value() {
        return value;
    }

    /** True on a database other servers may share (PostgreSQL); false on embedded H2. */
    public boolean sharedDatabase() {
        return sharedDatabase;
    }

    @Override
    public String toString() {
        return value;
    }
}
