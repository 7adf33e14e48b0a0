package dev.sluice.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules} catches a deliberate violation (the test-only {@code
 * ArchitectureViolation*} classes), so a passing {@link ArchitectureTest} means something.
 */
class ArchitectureRulesTest {

    private static final JavaClasses VIOLATIONS =
            new ClassFileImporter()
                    .importClasses(
                            load("common.ArchitectureViolationUpward"),
                            load("flink.ArchitectureViolationCycle"),
                            load("storage.ArchitectureViolationCycleBack"),
                            load("job.ArchitectureViolationDisk"),
                            load("lifecycle.ArchitectureViolationLocal"));

    @Test
    void anUpwardImportIsCaught() {
        assertViolated(ArchitectureRules.importsPointDown(), "ArchitectureViolationUpward");
        assertViolated(
                ArchitectureRules.nothingImportsTheAdapters(), "ArchitectureViolationUpward");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertViolated(ArchitectureRules.noCycles(), "ArchitectureViolationCycle");
    }

    @Test
    void filesOutsideTheStoragePortAreCaught() {
        assertViolated(ArchitectureRules.filesBehindThePorts(), "ArchitectureViolationDisk");
    }

    @Test
    void localProcessesOutsideTheirTargetAreCaught() {
        assertViolated(
                ArchitectureRules.localProcessesBehindThePort(), "ArchitectureViolationLocal");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(ArchitectureRules.ROOT + "." + name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertViolated(ArchRule rule, String culprit) {
        EvaluationResult result = rule.evaluate(VIOLATIONS);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains(culprit));
    }
}
