package dev.sluice.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's package rules as ARCHITECTURE.md states them: imports only point down the layers, no
 * package cycles, nothing imports the HTTP adapters, local processes and local files stay behind
 * their ports.
 */
final class ArchitectureRules {

    static final String ROOT = "dev.sluice.server";

    /**
     * Each package with its floor: a package may import only packages on lower floors (and itself).
     * Packages on one floor are independent of each other.
     */
    static final Map<String, Integer> FLOORS =
            Map.ofEntries(
                    Map.entry("common", 0),
                    Map.entry("flink", 1),
                    Map.entry("storage", 1),
                    Map.entry("store", 1),
                    Map.entry("deploy", 1),
                    Map.entry("deploy.local", 2),
                    Map.entry("deploy.external", 2),
                    Map.entry("savepoint", 2),
                    Map.entry("tls", 2),
                    Map.entry("cluster", 3),
                    Map.entry("job", 4),
                    Map.entry("lifecycle", 5),
                    Map.entry("action", 6),
                    Map.entry("observe", 7),
                    Map.entry("logs", 7),
                    Map.entry("policy", 7),
                    Map.entry("alert", 7),
                    Map.entry("security", 7),
                    Map.entry("arm", 8),
                    Map.entry("portal", 8),
                    Map.entry("", 9));

    private ArchitectureRules() {}

    /** No two packages import each other, directly or through others. */
    static ArchRule noCycles() {
        return slices().matching(ROOT + ".(**)").should().beFreeOfCycles();
    }

    /** Every import points to a lower floor. */
    static ArchRule importsPointDown() {
        List<ArchRule> rules = new ArrayList<>();
        FLOORS.forEach(
                (pkg, floor) -> {
                    String[] notBelow =
                            FLOORS.entrySet().stream()
                                    .filter(e -> !e.getKey().equals(pkg) && e.getValue() >= floor)
                                    .map(e -> qualified(e.getKey()))
                                    .toArray(String[]::new);
                    rules.add(
                            noClasses()
                                    .that()
                                    .resideInAPackage(qualified(pkg))
                                    .should()
                                    .dependOnClassesThat()
                                    .resideInAnyPackage(notBelow)
                                    .allowEmptyShould(true)
                                    .as(
                                            "classes of '"
                                                    + qualified(pkg)
                                                    + "' import only lower floors"));
                });
        return CompositeArchRule.of(rules).as("imports only point down the floors");
    }

    /** The HTTP adapters are the top: nothing else imports them. */
    static ArchRule nothingImportsTheAdapters() {
        return noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".arm..", ROOT + ".portal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".arm..", ROOT + ".portal..");
    }

    /**
     * Local processes are one deployment target: only it (and the launcher's `down`) knows them.
     */
    static ArchRule localProcessesBehindThePort() {
        return noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".deploy.local..")
                .and()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".deploy.local..");
    }

    /** Files are reached through the storage port; only it and the local target touch the disk. */
    static ArchRule filesBehindThePorts() {
        return noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".storage..", ROOT + ".deploy.local..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.file.Files");
    }

    private static String qualified(String pkg) {
        return pkg.isEmpty() ? ROOT : ROOT + "." + pkg;
    }
}
