package dev.sluice.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's main classes keep the rules of {@link ArchitectureRules}. */
class ArchitectureTest {

    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ArchitectureRules.ROOT);
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.noCycles().check(server);
    }

    @Test
    void importsOnlyPointDown() {
        ArchitectureRules.importsPointDown().check(server);
    }

    @Test
    void nothingImportsTheHttpAdapters() {
        ArchitectureRules.nothingImportsTheAdapters().check(server);
    }

    @Test
    void localProcessesAreBehindTheDeploymentPort() {
        ArchitectureRules.localProcessesBehindThePort().check(server);
    }

    @Test
    void filesOnlyBehindTheStoragePortAndTheLocalTarget() {
        ArchitectureRules.filesBehindThePorts().check(server);
    }
}
