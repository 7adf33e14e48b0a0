package dev.sluice.server.arm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cluster.ResourceSpecs;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What KeptSpecs keeps, patches and shows, on a migrated H2 database. */
class KeptSpecsTest {

    private static final String ID = "/subscriptions/s/resourcegroups/g/x";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Principal ALICE = () -> "alice";
    private static final Principal BOB = () -> "bob";

    private JdbcDataSource h2;
    private ResourceSpecs specs;
    private KeptSpecs kept;

    @BeforeEach
    void migrate() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:kept-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).load().migrate();
        specs = new ResourceSpecs(JdbcClient.create(h2), new DataSourceTransactionManager(h2));
        kept = new KeptSpecs(specs, JSON);
    }

    @AfterEach
    void shutdown() {
        JdbcClient.create(h2).sql("SHUTDOWN").update();
    }

    @Test
    void showsWhatWasSentUnderWhatSluiceReportsWithoutSecrets() {
        kept.keep(
                ID,
                json(
                        """
                        {"properties":{"provisioningState":"Succeeded","sshProfile":{"count":2},
                         "clusterProfile":{"ossVersion":"1.20","clusterVersion":"1.1.1",
                          "flinkProfile":{"storage":{"storageUri":"file:///s","storagekey":"k3y"},
                           "jobManager":{"cpu":1,"memory":2048},
                           "flinkConfiguration":{"a":"sent"}}}}}
                        """),
                ALICE,
                true);
        Map<String, Object> view =
                Map.of(
                        "id",
                        "x",
                        "properties",
                        Map.of(
                                "provisioningState",
                                "Accepted",
                                "clusterProfile",
                                Map.of(
                                        "ossVersion",
                                        "1.20.3",
                                        "flinkProfile",
                                        Map.of(
                                                "jobManager",
                                                Map.of("cpu", 1.0, "memory", 2048),
                                                "flinkConfiguration",
                                                Map.of("a", "applied")))));

        JsonNode shown = kept.render(ID, view);

        JsonNode properties = shown.path("properties");
        assertThat(properties.path("provisioningState").asString()).isEqualTo("Accepted");
        assertThat(properties.path("sshProfile").path("count").asInt()).isEqualTo(2);
        JsonNode profile = properties.path("clusterProfile");
        assertThat(profile.path("ossVersion").asString()).isEqualTo("1.20.3");
        assertThat(profile.path("clusterVersion").asString()).isEqualTo("1.1.1");
        JsonNode flink = profile.path("flinkProfile");
        assertThat(flink.path("jobManager").path("cpu").isInt()).isTrue();
        assertThat(flink.path("flinkConfiguration").path("a").asString()).isEqualTo("applied");
        assertThat(flink.path("storage").path("storageUri").asString()).isEqualTo("file:///s");
        assertThat(shown.toString()).doesNotContain("storagekey").doesNotContain("k3y");
        assertThat(specs.find(ID).orElseThrow().properties()).doesNotContain("k3y");
        assertThat(shown.path("systemData").path("createdBy").asString()).isEqualTo("alice");
    }

    @Test
    void patchMergesRemovesAndRecordsWhoChangedIt() {
        kept.keep(
                ID,
                json("{\"properties\":{\"sshProfile\":{\"count\":2,\"vmSize\":\"S\"},\"x\":1}}"),
                ALICE,
                true);
        kept.patch(ID, json("{\"properties\":{\"sshProfile\":{\"count\":3},\"x\":null}}"), BOB);

        JsonNode shown = kept.render(ID, Map.of("id", "x"));

        assertThat(shown.path("properties").path("sshProfile").toString())
                .isEqualTo("{\"count\":3,\"vmSize\":\"S\"}");
        assertThat(shown.path("properties").has("x")).isFalse();
        assertThat(shown.path("systemData").path("createdBy").asString()).isEqualTo("alice");
        assertThat(shown.path("systemData").path("lastModifiedBy").asString()).isEqualTo("bob");
    }

    @Test
    void aPatchThatChangesNothingLeavesSystemDataAsItWas() {
        kept.keep(ID, json("{\"properties\":{\"x\":1}}"), ALICE, true);
        kept.patch(ID, json("{\"properties\":{\"x\":1}}"), BOB);
        kept.patch(ID, json("[]"), BOB);

        assertThat(specs.find(ID).orElseThrow().modifiedBy()).isEqualTo("alice");
    }

    @Test
    void aResourceCreatedAgainStartsAFreshSpec() {
        kept.keep(ID, json("{\"properties\":{\"x\":1}}"), ALICE, true);
        kept.keep(ID, json("{\"properties\":{\"y\":2}}"), BOB, true);

        JsonNode shown = kept.render(ID, Map.of("id", "x"));

        assertThat(shown.path("properties").has("x")).isFalse();
        assertThat(shown.path("systemData").path("createdBy").asString()).isEqualTo("bob");
        kept.forget(ID);
        assertThat(kept.render(ID, Map.of("id", "x")).has("systemData")).isFalse();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
