package dev.kpsim.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the module layering of DESIGN.md on the compiled classes of every module: sim-core depends on no kpsim
 * module; modes depend only on sim-core and never on each other; only cli knows picocli; only scenarios knows
 * YAML and the fabric8 Kubernetes model.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kpsim");
    }

    @Test
    void simCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.kpsim.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.kpsim.mode..", "dev.kpsim.scenarios..", "dev.kpsim.emulator..", "dev.kpsim.cli..", "dev.kpsim.bench..")
                .check(classes);
    }

    @Test
    void simCoreUsesOnlyItsDeclaredLibraries() {
        noClasses().that().resideInAPackage("dev.kpsim.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "picocli..", "com.fasterxml..", "org.yaml..", "io.fabric8..")
                .check(classes);
    }

    @Test
    void modesDependOnlyOnSimCore() {
        noClasses().that().resideInAPackage("dev.kpsim.mode..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.kpsim.scenarios..", "dev.kpsim.emulator..", "dev.kpsim.cli..", "dev.kpsim.bench..")
                .check(classes);
    }

    @Test
    void modesNeverDependOnEachOther() {
        slices().matching("dev.kpsim.mode.(*)..").should().notDependOnEachOther().allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyCliKnowsPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.kpsim.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void onlyScenariosKnowsYamlAndTheKubernetesModel() {
        noClasses().that().resideOutsideOfPackage("dev.kpsim.scenarios..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.fasterxml.jackson.dataformat.yaml..", "org.yaml..", "io.fabric8..")
                .check(classes);
    }

    @Test
    void emulatorDoesNotDependOnTheCliOrInputFormats() {
        noClasses().that().resideInAPackage("dev.kpsim.emulator..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kpsim.cli..", "dev.kpsim.scenarios..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
