package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterFormTest {

    private static ClusterForm form(
            String mode, String tmCpu, String tmMemory, String config, String jobConfig) {
        return new ClusterForm(
                " app1 ",
                "local",
                mode,
                "1.20",
                "file:///data/storage/app1",
                null,
                "1",
                tmCpu,
                tmMemory,
                "1",
                "1024",
                "",
                "",
                config,
                "jars",
                "counter.jar",
                "dev.sluice.examples.counter.CounterJob",
                "--output /tmp/x",
                "",
                "STATELESS_UPDATE",
                jobConfig);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anApplicationFormBecomesThePutBodyWithAJobSpec() {
        Map<String, Object> body =
                form("application", "2", "2048", "a.b: 1", "parallelism: 1").toBody();

        assertThat(body).containsEntry("location", "local");
        Map<String, Object> properties = (Map<String, Object>) body.get("properties");
        assertThat(properties).containsEntry("clusterType", "Flink");
        Map<String, Object> flink =
                (Map<String, Object>)
                        ((Map<String, Object>) properties.get("clusterProfile"))
                                .get("flinkProfile");
        assertThat(flink)
                .containsEntry("deploymentMode", "Application")
                .containsEntry("flinkVersion", "1.20")
                .containsEntry("numReplicas", 1L)
                .containsEntry("storage", Map.of("storageUri", "file:///data/storage/app1"))
                .containsEntry("taskManager", Map.of("cpu", 2.0, "memory", 2048L))
                .containsEntry("jobManager", Map.of("cpu", 1.0, "memory", 1024L))
                .containsEntry("flinkConfiguration", Map.of("a.b", "1"))
                .doesNotContainKeys("historyServer", "restUrl");
        assertThat((Map<String, Object>) flink.get("jobSpec"))
                .containsEntry("jobJarDirectory", "jars")
                .containsEntry("jarName", "counter.jar")
                .containsEntry("entryClass", "dev.sluice.examples.counter.CounterJob")
                .containsEntry("args", "--output /tmp/x")
                .containsEntry("upgradeMode", "STATELESS_UPDATE")
                .containsEntry("flinkConfiguration", Map.of("parallelism", "1"))
                .doesNotContainKey("savePointName");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSessionFormHasNoJobSpec() {
        ClusterForm session = form("", "", "", "", "ignored: 1");
        Map<String, Object> flink =
                (Map<String, Object>)
                        ((Map<String, Object>)
                                        ((Map<String, Object>) session.toBody().get("properties"))
                                                .get("clusterProfile"))
                                .get("flinkProfile");

        assertThat(session.application()).isFalse();
        assertThat(session.name()).isEqualTo("app1");
        assertThat(flink)
                .containsEntry("deploymentMode", "Session")
                .doesNotContainKeys("jobSpec", "taskManager", "flinkConfiguration");
    }

    @Test
    void numbersThatAreNotNumbersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> form("Session", "two", "", "", "").toBody())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'two' is not a number")
                .extracting(e -> FormErrors.of((ApiException) e, ClusterForm.FIELDS).fields())
                .isEqualTo(Map.of("taskManagerCpu", "'two' is not a number"));
        assertThatThrownBy(() -> form("Session", "1", "1.5", "", "").toBody())
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).target())
                .isEqualTo("properties.clusterProfile.flinkProfile.taskManager.memory");
    }

    @Test
    void blankKeepsTheDefaultsOfAMode() {
        ClusterForm blank = ClusterForm.blank("Application", "westeurope");

        assertThat(blank.application()).isTrue();
        assertThat(blank.upgradeMode()).isEqualTo("UPDATE");
        assertThat(blank.jobJarDirectory()).isEqualTo("jars");
        assertThat(blank.withStorageUri("file:///s").storageUri()).isEqualTo("file:///s");
    }
}
