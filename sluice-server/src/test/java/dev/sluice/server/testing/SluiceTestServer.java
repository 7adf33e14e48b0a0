package dev.sluice.server.testing;

import dev.sluice.server.SluiceServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Sluice server in the test JVM on a random port, with its data (H2 file database included)
 * under a directory that outlives it, so a test can stop it and start the next one.
 */
public final class SluiceTestServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SluiceTestServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a server whose data is under {@code dataDir}; the embedded cluster is off. */
    public static SluiceTestServer start(
            Path dataDir,
            Map<String, String> properties,
            Consumer<ConfigurableApplicationContext> beforeRefresh) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("sluice.data-dir", dataDir.toString());
        all.put("sluice.flink-runtime-root", TestFlink.runtimeRoot().toString());
        all.put("sluice.embedded-cluster.enabled", "false");
        all.put("sluice.clusters.min-memory-mb", Integer.toString(TestFlink.TEST_MEMORY_MB));
        all.put(
                "spring.datasource.url",
                "jdbc:h2:file:" + dataDir.resolve("db/sluice") + ";DB_CLOSE_ON_EXIT=FALSE");
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(SluiceServer.class)
                        .initializers(beforeRefresh::accept)
                        .run(args.toArray(String[]::new));
        return new SluiceTestServer(context);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
