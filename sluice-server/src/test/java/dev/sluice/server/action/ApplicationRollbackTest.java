package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.flink.FlinkJobState;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.UpdateRollback;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback of an upgrade through an Application-mode launcher (a fake one): the cluster's
 * definition is kept before the upgrade and put back with the previous run; a redeploy that left no
 * processes is not cancelled.
 */
class ApplicationRollbackTest {

    private static final Map<String, String> ROLLBACK =
            Map.of(UpdateRollback.ENABLED, "true", UpdateRollback.TIMEOUT, "1s");

    @TempDir Path root;

    private final EngineFixture fixture = new EngineFixture();
    private final ActionPlans plans = new ActionPlans(fixture.calls, fixture.history);
    private final FakeApplicationLauncher launcher =
            new FakeApplicationLauncher(fixture.calls, fixture.flink);

    @BeforeEach
    void flinkRunsJars() throws IOException {
        fixture.flink.runs =
                request ->
                        request.programArgs().contains("--fail")
                                ? FlinkJobState.FAILED
                                : FlinkJobState.RUNNING;
        fixture.flink.jobs.put(EngineFixture.FLINK_JOB, FlinkJobState.RUNNING);
        Path jar = root.resolve("jars/job.jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream entries = new JarOutputStream(out, new Manifest())) {
            entries.putNextEntry(new JarEntry("v1"));
            entries.closeEntry();
        }
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aFailedUpgradePutsTheClustersDefinitionBackWithThePreviousRun() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        JobAction update = update(job);

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(start(update)))
                .hasMessageContaining("The new version failed: The job FAILED instead of running")
                .hasMessageContaining("rolled back: the previous version runs again");

        assertThat(launcher.definition)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("flinkVersion", "1.20", "args", "--keep"));
        assertThat(fixture.actions.find(update.id()).orElseThrow().progress().rollback())
                .containsEntry("definition.flinkVersion", "1.20")
                .containsEntry("definition.args", "--keep");
        assertThat(fixture.recordedSteps)
                .startsWith("previous-kept")
                .endsWith("rollback-submitting", "rollback-submitted", "rolled-back");
        assertThat(fixture.jobs.findById(job.id()).orElseThrow().spec().args()).isEqualTo("--keep");
        assertThat(running()).hasSize(1);
    }

    @Test
    void aRedeployThatLeftNoProcessesIsRolledBackWithoutAskingThemToCancel() {
        Job job = fixture.job(JobStatus.RUNNING, root.resolve("sp"), ROLLBACK);
        JobAction update = update(job);
        launcher.redeployFails = true;

        assertThatThrownBy(() -> plans.of(JobActionType.UPDATE).run(start(update)))
                .hasMessageContaining("The new version failed: Redeploy failed")
                .hasMessageContaining("rolled back: the previous version runs again");

        List<String> calls = fixture.flink.calls;
        List<String> afterFailure =
                calls.subList(calls.indexOf("redeploy failed"), calls.indexOf("uploadJar"));
        assertThat(afterFailure).containsExactly("redeploy failed");
        assertThat(fixture.recordedSteps).contains("rollback-cancelled", "rolled-back");
        assertThat(launcher.definition).containsEntry("flinkVersion", "1.20");
        assertThat(running()).hasSize(1);
    }

    /** A PATCH's UPDATE to arguments that make the new version fail, of a job on {@code --keep}. */
    private JobAction update(Job job) {
        fixture.jobs.update(job.id(), j -> j.withArgs("--keep"));
        return fixture.action(
                job, JobActionType.UPDATE, ActionProgress.NONE, Map.of("args", "--fail"));
    }

    private ActionRun start(JobAction action) {
        return fixture.start(action, root, launcher);
    }

    private List<String> running() {
        return fixture.flink.jobs.entrySet().stream()
                .filter(e -> e.getValue() == FlinkJobState.RUNNING)
                .map(Map.Entry::getKey)
                .toList();
    }
}
