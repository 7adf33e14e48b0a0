package dev.sluice.server.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.server.common.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class RunJobBodiesTest {

    private final RunJobBodies bodies = new RunJobBodies(JsonMapper.builder().build());

    @Test
    void theSeedsNewBodyWithItsMissingCommaIsRead() {
        FlinkJobProperties p =
                bodies.read(
                        """
                        { "properties": {
                            "jobType": "FlinkJob",
                            "jobName": "job1",
                            "args": "--a 1"
                            "flinkConfiguration": { "parallelism": "2" }
                        } }
                        """);

        assertThat(p.jobName()).isEqualTo("job1");
        assertThat(p.args()).isEqualTo("--a 1");
        assertThat(p.flinkConfiguration()).containsEntry("parallelism", "2");
    }

    @Test
    void otherBrokenJsonIsStillRefused() {
        assertThatThrownBy(() -> bodies.read("{\"properties\": {\"jobName\": }"))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> bodies.read("{\"properties\": {}} trailing"))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> bodies.read(" "))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidRequestContent"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(
                        bodies.read(
                                        "{\"properties\":{\"jobName\":\"a\",\"colour\":\"red\"},\"extra\":1}")
                                .jobName())
                .isEqualTo("a");
    }
}
