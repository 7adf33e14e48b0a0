package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationLaunchTest {

    private static final String JOB_ID = "0123456789abcdef0123456789abcdef";

    @TempDir Path dir;

    @Test
    void theJarIsCopiedOncePerJobIdAndTheProgramArgumentsComeLast() throws IOException {
        Path jar = Files.writeString(dir.resolve("job.jar"), "v1");
        Path cluster = dir.resolve("cluster");
        LocalClusterSpec.Application app =
                new LocalClusterSpec.Application(
                        jar.toString(), "a.Main", List.of("-s", "x"), JOB_ID, "file:///sp/1");

        List<String> args = ApplicationLaunch.arguments(app, cluster);
        Files.writeString(jar, "v2");
        ApplicationLaunch.arguments(app, cluster);

        Path copy = cluster.resolve("usrlib").resolve(JOB_ID + ".jar");
        assertThat(copy).hasContent("v1");
        assertThat(args)
                .containsExactly(
                        "--jars",
                        "local://" + copy,
                        "--job-classname",
                        "a.Main",
                        "--job-id",
                        JOB_ID,
                        "--fromSavepoint",
                        "file:///sp/1",
                        "--",
                        "-s",
                        "x");

        String other = "fedcba9876543210fedcba9876543210";
        ApplicationLaunch.arguments(
                new LocalClusterSpec.Application(jar.toString(), "a.Main", null, other, null),
                cluster);
        assertThat(cluster.resolve("usrlib").resolve(other + ".jar")).hasContent("v2");
        assertThat(copy).doesNotExist();
    }

    @Test
    void theJobManagerOutlivesItsJob() {
        assertThat(ApplicationLaunch.configuration(dir))
                .containsEntry("execution.shutdown-on-application-finish", "false")
                .containsEntry("user.artifacts.base-dir", dir.resolve("artifacts").toString());
    }
}
