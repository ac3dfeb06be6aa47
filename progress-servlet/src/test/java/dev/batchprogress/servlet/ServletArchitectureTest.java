package dev.batchprogress.servlet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependency rules for the main classes of progress-servlet. */
@AnalyzeClasses(
        packages = "dev.batchprogress.servlet",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ServletArchitectureTest {

    @ArchTest
    static final ArchRule onlyMicrometerPackageUsesMicrometer =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("dev.batchprogress.servlet.micrometer..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.micrometer..")
                    .because(
                            "Micrometer is an optional dependency, so the servlet must load and"
                                    + " serve without it");
}
