package dev.sluice.server.security;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * A request fuzzer over every route the server maps (the ARM API, the security API, the token
 * endpoints, the portal, actuator): {@link BadRequests} sends generated hostile requests with the
 * Owner's token (or session) and without, and the run fails on any 5xx, on a connection closed
 * without an answer, and on any change to the stored state (every table but the audit log, leases
 * and live servers, and the storage directory). Seeded: {@code -Dsluice.fuzz.seed=N} repeats a run,
 * {@code -Dsluice.fuzz.cases=N} sizes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFuzzITCase {

    private static final String SUB = "/subscriptions/fuzzsub";
    private static final String POOL =
            SUB + "/resourceGroups/fuzzrg/providers/Microsoft.HDInsight/clusterpools/fuzzpool";
    private static final String CLUSTER = POOL + "/clusters/fuzzcluster";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;\\r\\n]+)");

    private Path work;
    private HttpServer flink;
    private SluiceTestServer server;
    private BadRequests.Known known;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("sluice-fuzz-");
        flink = FakeFlinkOverview.start();
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of("logging.file.name", work.resolve("server.log").toString()),
                        context -> {});
        ArmClient owner = server.api();
        assertThat(owner.put(POOL, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Answer cluster =
                owner.put(
                        CLUSTER,
                        """
                        {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{
                         "flinkProfile":{"storage":{"storageUri":"%s"},
                         "flinkVersion":"1.20","restUrl":"http://127.0.0.1:%d"}}}}
                        """
                                .formatted(
                                        work.resolve("storage").toUri(),
                                        flink.getAddress().getPort()));
        assertThat(cluster.status()).as(cluster.raw()).isIn(200, 201);
        String operation = URI.create(cluster.header("Azure-AsyncOperation")).getPath();
        await(
                "cluster provisioned",
                Duration.ofSeconds(60),
                () ->
                        "Succeeded"
                                .equals(
                                        owner.get(CLUSTER)
                                                .body()
                                                .path("properties")
                                                .path("provisioningState")
                                                .asString()));
        String ownerId =
                SluiceTestServer.ownerCredentials(server.dataDir()).path("clientId").asString();
        Map<String, String> existing = new LinkedHashMap<>();
        existing.put("sub", "fuzzsub");
        existing.put("rg", "fuzzrg");
        existing.put("pool", "fuzzpool");
        existing.put("cluster", "fuzzcluster");
        existing.put("location", "local");
        existing.put("operationId", operation.substring(operation.lastIndexOf('/') + 1));
        existing.put("clientId", ownerId);
        existing.put("action", "STOP");
        String[] session = signIn(ownerId);
        known = new BadRequests.Known(existing, server.ownerToken(), session[0], session[1]);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (flink != null) {
            flink.stop(0);
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work.toFile());
        }
    }

    @Test
    void noGeneratedRequestFailsTheServerOrChangesItsState() throws IOException {
        long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        int cases = Integer.getInteger("sluice.fuzz.cases", 600);
        List<BadRequests.Route> routes = routes();
        BadRequests generator = new BadRequests(seed, known);
        Map<String, Object> before = state();
        List<String> failures = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            BadRequests.Route route = routes.get(i % routes.size());
            BadRequests.Request request = generator.next(route);
            RawHttp.Reply reply =
                    RawHttp.send(
                            server.port(),
                            request.method(),
                            request.target(),
                            request.headers(),
                            request.body());
            statuses.merge(reply.status(), 1, Integer::sum);
            if (reply.status() / 100 == 2 && !BadRequests.SAFE.contains(request.method())) {
                accepted.add("case " + i + ": " + request.describe() + " -> " + reply.status());
            }
            if (reply.status() >= 500 || reply.status() == 0) {
                failures.add(
                        "case "
                                + i
                                + " ("
                                + request.route()
                                + "): "
                                + request.describe()
                                + "\n  -> "
                                + firstLines(reply.text()));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "Request fuzzer: seed %d, %d requests over %d routes in %.1f s, statuses %s%n",
                seed, cases, routes.size(), seconds, statuses);
        assertThat(failures)
                .as("5xx or no answer (repeat with -Dsluice.fuzz.seed=%d)", seed)
                .isEmpty();
        assertThat(state())
                .as(
                        "stored state after the requests (repeat with -Dsluice.fuzz.seed=%d);"
                                + " changing requests answered 2xx: %s",
                        seed, accepted)
                .isEqualTo(before);
    }

    /** Every route of every handler mapping (controllers, portal, actuator), one per pattern. */
    private List<BadRequests.Route> routes() {
        Map<String, Set<String>> byPattern = new TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping :
                server.context().getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                for (String pattern : info.getPatternValues()) {
                    Set<String> methods = byPattern.computeIfAbsent(pattern, p -> new TreeSet<>());
                    info.getMethodsCondition().getMethods().stream()
                            .map(RequestMethod::name)
                            .forEach(methods::add);
                }
            }
        }
        byPattern.put("/", new TreeSet<>(Set.of("GET")));
        byPattern.put("/portal/webjars/**", new TreeSet<>(Set.of("GET")));
        // Sluice's metrics and API description (issue 17), whatever mapping serves them.
        byPattern.put("/actuator/prometheus", new TreeSet<>(Set.of("GET")));
        byPattern.put("/openapi.json", new TreeSet<>(Set.of("GET")));
        return byPattern.entrySet().stream()
                .map(e -> new BadRequests.Route(e.getKey(), e.getValue()))
                .toList();
    }

    /**
     * Tables the server writes on its own while the requests run: the audit log (which records
     * them), the leases it renews, the live-server list it heartbeats and the portal sessions (a
     * browser request may open one, as it did in memory before they were shared).
     */
    private static final Set<String> SERVER_BOOKKEEPING =
            Set.of("audit_log", "leases", "servers", "spring_session", "spring_session_attributes");

    /**
     * What the requests must not change: every table but the server's own bookkeeping, and the
     * names of the files under the storage directory.
     */
    private Map<String, Object> state() throws IOException {
        JdbcClient jdbc = JdbcClient.create(server.context().getBean(DataSource.class));
        Map<String, Object> state = new TreeMap<>();
        List<String> tables =
                jdbc.sql(
                                "SELECT table_name FROM information_schema.tables"
                                        + " WHERE LOWER(table_schema) = 'public'")
                        .query(String.class)
                        .list();
        for (String table : tables) {
            if (!SERVER_BOOKKEEPING.contains(table.toLowerCase(Locale.ROOT))) {
                state.put(
                        table,
                        jdbc.sql("SELECT * FROM \"" + table + "\"").query().listOfRows().stream()
                                .map(row -> new TreeMap<>(row).toString())
                                .sorted()
                                .toList());
            }
        }
        Path storage = work.resolve("storage");
        if (Files.exists(storage)) {
            try (Stream<Path> files = Files.walk(storage)) {
                state.put("storage", files.map(Path::toString).sorted().toList());
            }
        }
        assertThat(state).containsKeys("JOBS", "CLUSTERS", "POOLS", "SECURITY_PRINCIPALS");
        return state;
    }

    /** Signs the Owner in to the portal; returns its session id and a CSRF token of it. */
    private String[] signIn(String ownerId) throws IOException {
        RawHttp.Reply page = RawHttp.send(server.port(), "GET", "/login", Map.of(), null);
        String cookie = match(SESSION, page.text());
        String form =
                "client_id="
                        + ownerId
                        + "&client_secret="
                        + java.net.URLEncoder.encode(
                                SluiceTestServer.ownerCredentials(server.dataDir())
                                        .path("clientSecret")
                                        .asString(),
                                java.nio.charset.StandardCharsets.UTF_8)
                        + "&_csrf="
                        + match(CSRF, page.text());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", "JSESSIONID=" + cookie);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        RawHttp.Reply signedIn =
                RawHttp.send(server.port(), "POST", "/login", headers, form.getBytes());
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(302);
        String session = match(SESSION, signedIn.text());
        RawHttp.Reply portal =
                RawHttp.send(
                        server.port(),
                        "GET",
                        "/portal",
                        Map.of("Cookie", "JSESSIONID=" + session),
                        null);
        assertThat(portal.status()).as(firstLines(portal.text())).isEqualTo(200);
        return new String[] {session, match(CSRF, portal.text())};
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, firstLines(text)).isTrue();
        return matcher.group(1);
    }

    private static String firstLines(String text) {
        Set<String> lines = new LinkedHashSet<>(List.of(text.split("\r\n", 12)));
        String joined = String.join(" | ", lines);
        return joined.length() > 600 ? joined.substring(0, 600) + "…" : joined;
    }
}
