package dev.sluice.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * The CLI speaks to Sluice only through sluice-client: no HTTP of its own, no server classes.
 * Whatever the CLI can do, a Java program on sluice-client can do too.
 */
class CliArchitectureTest {

    static final ArchRule ONLY_THROUGH_THE_CLIENT =
            noClasses()
                    .that()
                    .resideInAPackage("dev.sluice.cli..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("java.net.http..", "dev.sluice.server..")
                    .orShould()
                    .dependOnClassesThat()
                    .haveFullyQualifiedName("java.net.HttpURLConnection")
                    .as("the CLI reaches the server only through sluice-client");

    @Test
    void theCliUsesOnlyTheClient() {
        JavaClasses cli =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.sluice.cli");
        assertThat(cli).isNotEmpty();
        ONLY_THROUGH_THE_CLIENT.check(cli);
    }

    @Test
    void theRuleCatchesAnHttpClientOfItsOwn() {
        JavaClasses violation = new ClassFileImporter().importClasses(OwnHttp.class);
        assertThat(ONLY_THROUGH_THE_CLIENT.evaluate(violation).hasViolation()).isTrue();
    }

    /** A deliberate violation: a command with an HTTP client of its own. */
    static final class OwnHttp {
        HttpClient client = HttpClient.newHttpClient();
    }
}
