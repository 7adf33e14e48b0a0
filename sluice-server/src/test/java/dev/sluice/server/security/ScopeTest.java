package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    private static final String POOL =
            "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/p1";
    private static final String CLUSTER = POOL + "/clusters/c1";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/subscriptions/s1",
                "/subscriptions/s1/resourceGroups/rg1",
                POOL,
                CLUSTER,
                "/SUBSCRIPTIONS/s1/resourcegroups/rg1/PROVIDERS/microsoft.hdinsight/clusterPools/p1",
                "/subscriptions/s1/"
            })
    void parsesTheFiveForms(String text) {
        Scope scope = Scope.parse(text);
        assertThat(scope.value()).doesNotEndWith("/subscriptions/s1/");
        assertThat(scope.key()).isEqualTo(scope.key().toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "subscriptions/s1",
                "/subscriptions",
                "/subscriptions/",
                "/subscriptions/s1/resourceGroups",
                "/subscriptions/s1/providers/Microsoft.HDInsight/clusterpools/p1",
                "/subscriptions/s1/resourceGroups/rg1/providers/Other.Provider/clusterpools/p1",
                "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools",
                CLUSTER + "/jobs/j1",
                "/subscriptions/s 1",
                "/subscriptions/../x",
                "/subscriptions/s1//resourceGroups/rg1",
                "//"
            })
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Scope.parse(text))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.code()).isEqualTo("InvalidScope");
                            assertThat(e.target()).isEqualTo("properties.scope");
                        });
    }

    @Test
    void rootCoversEverything() {
        assertThat(Scope.ROOT.covers("/subscriptions/any/thing")).isTrue();
        assertThat(Scope.ROOT.covers("/providers/Sluice.Security/principals")).isTrue();
        assertThat(Scope.ROOT.covers(Scope.parse(CLUSTER))).isTrue();
    }

    @Test
    void coversItselfAndWhatIsBelowItInAnyLetterCase() {
        Scope pool = Scope.parse(POOL);
        assertThat(pool.covers(POOL)).isTrue();
        assertThat(pool.covers(POOL + "/")).isTrue();
        assertThat(pool.covers(CLUSTER + "/jobs/j1")).isTrue();
        assertThat(pool.covers(CLUSTER.toUpperCase())).isTrue();
        assertThat(pool.covers(CLUSTER.replace("clusterpools", "clusterPools"))).isTrue();
        assertThat(pool.covers(Scope.parse(CLUSTER))).isTrue();
    }

    @Test
    void comparesOnlyWholeSegments() {
        Scope cluster = Scope.parse(CLUSTER);
        assertThat(cluster.covers(CLUSTER + "0")).isFalse();
        assertThat(cluster.covers(POOL + "/clusters/c10/jobs")).isFalse();
        assertThat(Scope.parse("/subscriptions/s1").covers("/subscriptions/s10")).isFalse();
        assertThat(Scope.parse("/subscriptions/s1").covers("/subscriptions/s1x/resourceGroups/a"))
                .isFalse();
    }

    @Test
    void doesNotCoverWhatIsAboveOrBesideIt() {
        Scope cluster = Scope.parse(CLUSTER);
        assertThat(cluster.covers(POOL)).isFalse();
        assertThat(cluster.covers(POOL + "/clusters")).isFalse();
        assertThat(cluster.covers(POOL + "/clusters/c2")).isFalse();
        assertThat(cluster.covers("/")).isFalse();
        assertThat(cluster.covers(Scope.ROOT)).isFalse();
        assertThat(Scope.parse("/subscriptions/s1").covers("/subscriptions/s2/resourceGroups/x"))
                .isFalse();
    }
}
