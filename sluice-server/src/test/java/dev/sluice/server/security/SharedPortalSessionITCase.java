package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.store.TestPostgres;
import dev.sluice.server.testing.SluiceProcess;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.StepHoldingServer.Holds;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two real server processes ("a" and "b") on one real PostgreSQL (issue 18): a portal user signed
 * in on a is signed in on b, a CSRF token a handed out is accepted by b, a form POST without one is
 * refused by b, and a sign-out on b ends the session on a.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedPortalSessionITCase {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;\\r\\n]+)");

    private TestPostgres postgres;
    private DataSource database;
    private Path data;
    private SluiceProcess a;
    private SluiceProcess b;

    @BeforeAll
    void start(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception {
        postgres = TestPostgres.start();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE sessions");
        }
        PGSimpleDataSource admin = (PGSimpleDataSource) postgres.dataSource();
        PGSimpleDataSource sessions = new PGSimpleDataSource();
        sessions.setServerNames(admin.getServerNames());
        sessions.setPortNumbers(admin.getPortNumbers());
        sessions.setDatabaseName("sessions");
        sessions.setUser("postgres");
        database = sessions;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                "spring.datasource.url",
                "jdbc:postgresql://"
                        + admin.getServerNames()[0]
                        + ":"
                        + admin.getPortNumbers()[0]
                        + "/sessions");
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("sluice.security.issuer", "http://sluice-ha.test");
        data = work.resolve("data");
        Holds holds = new Holds(work.resolve("holds.properties"));
        holds.clear();
        a = start("a", work, holds, properties);
        b = start("b", work, holds, properties);
    }

    private SluiceProcess start(String id, Path work, Holds holds, Map<String, String> common) {
        Map<String, String> own = new LinkedHashMap<>(common);
        own.put("sluice.server.id", id);
        return SluiceProcess.start(data, holds.file(), work.resolve(id + ".log"), own);
    }

    @AfterAll
    void stop() throws IOException {
        for (SluiceProcess server : new SluiceProcess[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aPortalSessionOfOneServerWorksOnTheOther() throws Exception {
        String session = signIn(a);
        RawHttp.Reply onA = get(a, "/portal", session);
        assertThat(onA.status()).as(head(onA)).isEqualTo(200);
        String csrfOfA = match(CSRF, onA.text());

        RawHttp.Reply onB = get(b, "/portal", session);
        assertThat(onB.status()).as(head(onB)).isEqualTo(200);
        assertThat(onB.text()).contains("name=\"_csrf\"");

        // A form of b's without its CSRF token is refused; with the token a handed out it works.
        RawHttp.Reply forged = post(b, "/portal/pools", session, "name=forged");
        assertThat(forged.status()).as(head(forged)).isEqualTo(403);
        RawHttp.Reply created =
                post(b, "/portal/pools", session, "name=shared&_csrf=" + encode(csrfOfA));
        assertThat(created.status()).as(head(created)).isEqualTo(302);
        assertThat(location(created)).doesNotContain("/login");
        assertThat(count("SELECT COUNT(*) FROM pools WHERE name = 'shared'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pools WHERE name = 'forged'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM spring_session")).isPositive();

        // Signing out on b ends the session on a too.
        RawHttp.Reply out = post(b, "/logout", session, "_csrf=" + encode(csrfOfA));
        assertThat(out.status()).as(head(out)).isEqualTo(302);
        RawHttp.Reply after = get(a, "/portal", session);
        assertThat(after.status()).as(head(after)).isEqualTo(302);
        assertThat(location(after)).contains("/login");
    }

    /** Signs the Owner in to the portal of {@code server}; returns the session cookie's value. */
    private String signIn(SluiceProcess server) throws IOException {
        RawHttp.Reply page = RawHttp.send(server.port(), "GET", "/login", Map.of(), null);
        String credentials =
                "client_id="
                        + encode(ownerCredential("clientId"))
                        + "&client_secret="
                        + encode(ownerCredential("clientSecret"))
                        + "&_csrf="
                        + encode(match(CSRF, page.text()));
        RawHttp.Reply signedIn = post(server, "/login", match(SESSION, page.text()), credentials);
        assertThat(signedIn.status()).as(head(signedIn)).isEqualTo(302);
        assertThat(location(signedIn)).doesNotContain("error");
        return match(SESSION, signedIn.text());
    }

    private String ownerCredential(String field) {
        return SluiceTestServer.ownerCredentials(data).path(field).asString();
    }

    private static RawHttp.Reply get(SluiceProcess server, String path, String session)
            throws IOException {
        return RawHttp.send(
                server.port(), "GET", path, Map.of("Cookie", "JSESSIONID=" + session), null);
    }

    private static RawHttp.Reply post(
            SluiceProcess server, String path, String session, String form) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", "JSESSIONID=" + session);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        return RawHttp.send(
                server.port(), "POST", path, headers, form.getBytes(StandardCharsets.UTF_8));
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String location(RawHttp.Reply reply) {
        return match(Pattern.compile("(?i)Location: ([^\\r\\n]+)"), reply.text());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find())
                .as("%s in %s", pattern, text.lines().limit(12).toList())
                .isTrue();
        return matcher.group(1);
    }

    private static String head(RawHttp.Reply reply) {
        return String.join(" | ", reply.text().lines().limit(12).toList());
    }
}
