package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlinkJobProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFormTest {

    @Test
    void anEmptyFormHasTheSeedsDefaults() {
        JobForm form = JobForm.empty();

        assertThat(form.parallelism()).isEqualTo("2");
        assertThat(form.jobJarDirectory()).isEqualTo("jars");
        assertThat(form.jobName()).isEmpty();
    }

    @Test
    void becomesTheNewRequestLeavingEmptyFieldsToTheService() {
        FlinkJobProperties request =
                new JobForm(" counter ", " jars ", "counter.jar", "", "", "3", "").toProperties();

        assertThat(request.jobType()).isEqualTo("FlinkJob");
        assertThat(request.action()).isEqualTo("NEW");
        assertThat(request.jobName()).isEqualTo("counter");
        assertThat(request.jobJarDirectory()).isEqualTo("jars");
        assertThat(request.jarName()).isEqualTo("counter.jar");
        assertThat(request.entryClass()).isNull();
        assertThat(request.args()).isNull();
        assertThat(request.flinkConfiguration()).isEqualTo(Map.of("parallelism", "3"));
    }

    @Test
    void aSavepointDirectoryAndArgsArePassedOn() {
        FlinkJobProperties request =
                new JobForm("c", "jars", "a.jar", "x.Main", "--output /o", "", "sp/c")
                        .toProperties();

        assertThat(request.entryClass()).isEqualTo("x.Main");
        assertThat(request.args()).isEqualTo("--output /o");
        assertThat(request.flinkConfiguration())
                .containsEntry("parallelism", "2")
                .containsEntry("savepoint.directory", "sp/c");
    }

    @Test
    void anUploadedJarReplacesThePick() {
        assertThat(JobForm.empty().withJarName("new.jar").jarName()).isEqualTo("new.jar");
    }

    @Test
    void uploadedFileNamesLoseAnyClientPath() {
        assertThat(JobListPages.plainName("C:\\Users\\me\\job.jar")).isEqualTo("job.jar");
        assertThat(JobListPages.plainName("/home/me/job.jar")).isEqualTo("job.jar");
        assertThat(JobListPages.plainName("job.jar")).isEqualTo("job.jar");
        assertThat(JobListPages.plainName(null)).isEmpty();
    }
}
