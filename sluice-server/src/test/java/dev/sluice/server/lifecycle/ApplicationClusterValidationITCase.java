package dev.sluice.server.lifecycle;

import static dev.sluice.server.lifecycle.ApplicationClusterFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application-mode clusters that Sluice refuses before it starts anything: too little memory for a
 * process or the history server, a job jar that is not in storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationClusterValidationITCase {

    private ApplicationClusterFixture sluice;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        sluice = ApplicationClusterFixture.start(work);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void badApplicationClustersAreRefusedNamingTheField() {
        Answer small = sluice.api().put(CLUSTER, sluice.cluster(1000, "counter.jar", null));
        assertThat(small.status()).as(small.raw()).isEqualTo(400);
        assertThat(small.errorCode()).isEqualTo("InvalidMemory");
        assertThat(small.body().path("error").path("message").asString())
                .contains("1000 MB")
                .contains("minimum is " + TestFlink.TEST_MEMORY_MB + " MB");

        Answer history =
                sluice.api()
                        .put(
                                CLUSTER,
                                sluice.cluster(
                                        TestFlink.TEST_MEMORY_MB,
                                        "counter.jar",
                                        "{\"cpu\":1,\"memory\":1000}"));
        assertThat(history.errorCode()).isEqualTo("InvalidMemory");
        assertThat(history.body().path("error").path("target").asString())
                .endsWith("historyServer.memory");

        Answer missing =
                sluice.api()
                        .put(
                                CLUSTER,
                                sluice.cluster(TestFlink.TEST_MEMORY_MB, "missing.jar", null));
        assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("JarNotFound");
        assertThat(missing.body().path("error").path("target").asString())
                .isEqualTo("properties.clusterProfile.flinkProfile.jobSpec.jarName");

        assertThat(sluice.api().get(CLUSTER).status()).isEqualTo(404);
    }
}
