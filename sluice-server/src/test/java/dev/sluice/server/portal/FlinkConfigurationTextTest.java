package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import org.junit.jupiter.api.Test;

class FlinkConfigurationTextTest {

    @Test
    void readsKeyValueLinesInEitherStyleSkippingCommentsAndBlanks() {
        String text =
                """
                # slots
                taskmanager.numberOfTaskSlots: 4

                state.savepoints.dir = file:///tmp/sp
                pipeline.name: a=b
                """;

        assertThat(FlinkConfigurationText.parse(text, "flinkConfiguration"))
                .containsExactly(
                        java.util.Map.entry("taskmanager.numberOfTaskSlots", "4"),
                        java.util.Map.entry("state.savepoints.dir", "file:///tmp/sp"),
                        java.util.Map.entry("pipeline.name", "a=b"));
        assertThat(FlinkConfigurationText.parse(null, "x")).isEmpty();
    }

    @Test
    void aLineWithoutKeyOrValueIsRefusedWithItsNumber() {
        assertThatThrownBy(
                        () ->
                                FlinkConfigurationText.parse(
                                        "a: 1\njust words", "jobSpec.flinkConfiguration"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("Line 2")
                .hasMessageContaining("'just words'")
                .extracting(e -> ((ApiException) e).target())
                .isEqualTo("properties.clusterProfile.flinkProfile.jobSpec.flinkConfiguration");
        assertThatThrownBy(() -> FlinkConfigurationText.parse(": 1", "flinkConfiguration"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> FlinkConfigurationText.parse("key:", "flinkConfiguration"))
                .isInstanceOf(ApiException.class);
    }
}
