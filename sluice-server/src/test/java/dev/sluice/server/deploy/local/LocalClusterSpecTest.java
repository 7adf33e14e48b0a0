package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalClusterSpecTest {

    private static LocalClusterSpec spec(String name, int tmMemory, int taskManagers) {
        return new LocalClusterSpec(name, "1.20", 1800, 1, tmMemory, 1, taskManagers, 2, null);
    }

    @Test
    void namesThatCouldEscapeTheDataDirAreRejected() {
        for (String bad : new String[] {"../etc", "a/b", "", "Upper", "-lead", ".hidden"}) {
            assertThatThrownBy(() -> spec(bad, 1800, 1))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must match");
        }
        assertThat(spec("session-2", 1800, 1).name()).isEqualTo("session-2");
    }

    @Test
    void sizesMustBePositive() {
        assertThatThrownBy(() -> spec("c", 0, 1)).hasMessageContaining("Memory");
        assertThatThrownBy(() -> spec("c", 1800, 0))
                .hasMessageContaining("at least one TaskManager");
    }

    @Test
    void configurationIsCopiedAndNeverNull() {
        Map<String, String> config = new HashMap<>(Map.of("a", "b"));
        LocalClusterSpec spec = new LocalClusterSpec("c", "1.20", 1800, 1, 1800, 1, 1, 2, config);
        config.put("a", "changed");

        assertThat(spec.flinkConfiguration()).containsEntry("a", "b");
        assertThat(spec("c", 1800, 1).flinkConfiguration()).isEmpty();
    }

    @Test
    void yamlScalarsQuoteWhatYamlWouldMisread() {
        assertThat(FlinkConfigFile.yamlScalar("1024m")).isEqualTo("1024m");
        assertThat(FlinkConfigFile.yamlScalar("/data/clusters/x")).isEqualTo("/data/clusters/x");
        assertThat(FlinkConfigFile.yamlScalar("a: b")).isEqualTo("'a: b'");
        assertThat(FlinkConfigFile.yamlScalar("it's # not")).isEqualTo("'it''s # not'");
        assertThat(FlinkConfigFile.yamlScalar("")).isEqualTo("''");
    }
}
