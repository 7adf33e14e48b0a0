package dev.sluice.server.testing;

import dev.sluice.server.SluiceServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Sluice server in the test JVM on a random port, with its data (H2 file database included)
 * under a directory that outlives it, so a test can stop it and start the next one.
 */
public final class SluiceTestServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private String ownerToken;

    private SluiceTestServer(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
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
        // No spring.datasource.url: the default H2 file under the data dir, with production's
        // durability settings.
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(SluiceServer.class)
                        .initializers(beforeRefresh::accept)
                        .run(args.toArray(String[]::new));
        return new SluiceTestServer(context, dataDir);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A client of this server's API that sends the Owner's token with every call. */
    public ArmClient api() {
        return new ArmClient(port(), this::ownerToken);
    }

    /**
     * A token of the Owner principal the server created on its first start (Owner at {@code /}),
     * fetched once per server from its token endpoint.
     */
    public synchronized String ownerToken() {
        if (ownerToken == null) {
            ownerToken = ownerToken(dataDir, port());
        }
        return ownerToken;
    }

    /** The Owner's credentials file of a data directory, as JSON. */
    public static JsonNode ownerCredentials(Path dataDir) {
        try {
            return JSON.readTree(dataDir.resolve("owner-credentials.json").toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("No readable owner-credentials.json in " + dataDir, e);
        }
    }

    /** Asks the server on {@code port} for a token of the Owner whose credentials are there. */
    public static String ownerToken(Path dataDir, int port) {
        JsonNode credentials = ownerCredentials(dataDir);
        return token(
                port,
                credentials.path("clientId").asString(),
                credentials.path("clientSecret").asString());
    }

    /** A token for a client id and secret from the server's token endpoint (client credentials). */
    public static String token(int port, String clientId, String clientSecret) {
        String form =
                "grant_type=client_credentials&client_id="
                        + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                        + "&client_secret="
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "The token endpoint answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
