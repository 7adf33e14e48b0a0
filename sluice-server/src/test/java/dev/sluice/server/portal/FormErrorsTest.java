package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.common.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormErrorsTest {

    @Test
    void aTargetOfTheFormIsShownAtItsField() {
        FormErrors errors =
                FormErrors.of(
                        ApiException.badRequest(
                                "InvalidJobName", "lower case!", "properties.jobName"),
                        JobForm.FIELDS);

        assertThat(errors.has("jobName")).isTrue();
        assertThat(errors.get("jobName")).isEqualTo("lower case!");
        assertThat(errors.form()).isNull();
        assertThat(errors.any()).isTrue();
    }

    @Test
    void flinkConfigurationTargetsMapToTheirFields() {
        FormErrors parallelism =
                FormErrors.of(
                        ApiException.badRequest(
                                "InvalidParallelism",
                                "positive",
                                "properties.flinkConfiguration.parallelism"),
                        JobForm.FIELDS);
        FormErrors directory =
                FormErrors.of(
                        ApiException.badRequest(
                                "PathOutsideStorage",
                                "outside",
                                "properties.flinkConfiguration.savepoint.directory"),
                        JobForm.FIELDS);

        assertThat(parallelism.fields()).containsOnlyKeys("parallelism");
        assertThat(directory.fields()).containsOnlyKeys("savepointDirectory");
    }

    @Test
    void targetsWithoutThePropertiesPrefixAreFoundToo() {
        FormErrors errors =
                FormErrors.of(
                        ApiException.badRequest("JarNotFound", "no jar", "jarName"),
                        JobForm.FIELDS);

        assertThat(errors.fields()).containsEntry("jarName", "no jar");
    }

    @Test
    void aTargetInsideAFieldBelongsToTheField() {
        FormErrors errors =
                FormErrors.of(
                        ApiException.badRequest(
                                "InvalidRequestContent",
                                "bad key",
                                "properties.clusterProfile.flinkProfile.jobSpec.flinkConfiguration.a.b"),
                        ClusterForm.FIELDS);

        assertThat(errors.fields()).containsOnlyKeys("jobFlinkConfiguration");
    }

    @Test
    void anUnknownOrMissingTargetIsShownAboveTheForm() {
        FormErrors conflict =
                FormErrors.of(ApiException.conflict("JobAlreadyExists", "exists"), JobForm.FIELDS);
        FormErrors unknown =
                FormErrors.of(
                        ApiException.badRequest("X", "elsewhere", "properties.somethingElse"),
                        Map.of("jobName", "jobName"));

        assertThat(conflict.form()).isEqualTo("exists");
        assertThat(conflict.fields()).isEmpty();
        assertThat(unknown.form()).isEqualTo("elsewhere");
        assertThat(FormErrors.NONE.any()).isFalse();
    }

    @Test
    void shortTargetDropsOnlyTheKnownPrefixes() {
        assertThat(FormErrors.shortTarget(null)).isEmpty();
        assertThat(
                        FormErrors.shortTarget(
                                "properties.clusterProfile.flinkProfile.jobManager.memory"))
                .isEqualTo("jobManager.memory");
        assertThat(FormErrors.shortTarget("savePointName")).isEqualTo("savePointName");
    }
}
