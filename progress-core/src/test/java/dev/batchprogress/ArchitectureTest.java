package dev.batchprogress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependency rules for the main classes of progress-core.
 *
 * <p>The model and the calculators compute on values in memory. The packages that call them do the
 * I/O, caching and JSON mapping, so these rules keep dependencies pointing that way.
 *
 * <p>The I/O rule cannot see {@code java.io.Serial}, because that annotation has source retention
 * and leaves no trace in the class files that ArchUnit reads.
 */
@AnalyzeClasses(
        packages = "dev.batchprogress",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelAndCalculatorUseNoIoOrInfrastructure =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.batchprogress.model..", "dev.batchprogress.calculator..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "java.io..",
                            "java.nio..",
                            "java.net..",
                            "java.sql..",
                            "javax.sql..",
                            "com.github.benmanes.caffeine..",
                            "com.fasterxml.jackson..",
                            "jakarta.servlet..",
                            "javax.servlet..",
                            "org.eclipse.jetty..")
                    .because(
                            "the model and the calculators compute on values in memory, and"
                                    + " I/O, caching, JSON and HTTP belong to the packages that"
                                    + " call them");

    @ArchTest
    static final ArchRule modelAndCalculatorUseNoAdapterPackages =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.batchprogress.model..", "dev.batchprogress.calculator..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.batchprogress.json..",
                            "dev.batchprogress.memory..",
                            "dev.batchprogress.source..")
                    .because(
                            "the JSON codec, the in-memory engine and the run-state source"
                                    + " interface build on the model, not the other way round");

    @ArchTest
    static final ArchRule noMetricsLibrary =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.micrometer..", "io.prometheus..")
                    .because(
                            "metrics are optional: the engine reports through the hooks of"
                                    + " dev.batchprogress.metrics, and an adapter outside this"
                                    + " module binds them to a metrics library");

    @ArchTest
    static final ArchRule topLevelPackagesHaveNoCycles =
            slices().matching("dev.batchprogress.(*)..").should().beFreeOfCycles();
}
