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

    @Test
    void scalarsAreCoercedAsArmDoesAndWhatCannotBeStaysRefusedNamingTheField() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new ArmWebConfiguration().lenientScalars().customize(builder);
        RunJobBodies lenient = new RunJobBodies(builder.build());

        FlinkJobProperties p =
                lenient.read(
                        "{\"properties\":{\"jobName\":\"a\",\"args\":42,"
                                + "\"flinkConfiguration\":{\"parallelism\":2,\"x.enabled\":true,"
                                + "\"ratio\":0.5}}}");
        assertThat(p.args()).isEqualTo("42");
        assertThat(p.flinkConfiguration())
                .containsEntry("parallelism", "2")
                .containsEntry("x.enabled", "true")
                .containsEntry("ratio", "0.5");
        assertThatThrownBy(
                        () ->
                                lenient.read(
                                        "{\"properties\":{\"flinkConfiguration\":{\"parallelism\":{}}}}"))
                .isInstanceOfSatisfying(
                        JacksonException.class,
                        e ->
                                assertThat(
                                                e.getPath()
                                                        .get(e.getPath().size() - 1)
                                                        .getPropertyName())
                                        .isEqualTo("parallelism"));
    }

    @Test
    void jsonTypesNoneAndWhatCurlSendsAreReadAsJson() {
        assertThat(RequestSizeLimit.readAsJson(null)).isTrue();
        assertThat(RequestSizeLimit.readAsJson("application/json; charset=nope")).isTrue();
        assertThat(RequestSizeLimit.readAsJson("application/merge-patch+json")).isTrue();
        assertThat(RequestSizeLimit.readAsJson("application/x-www-form-urlencoded")).isTrue();
        assertThat(RequestSizeLimit.readAsJson("text/plain")).isTrue();
        assertThat(RequestSizeLimit.readAsJson("application/xml")).isFalse();
        assertThat(RequestSizeLimit.readAsJson("a/b/c")).isFalse();
        assertThat(RequestSizeLimit.readAsJson("*/*")).isFalse();
    }
}
