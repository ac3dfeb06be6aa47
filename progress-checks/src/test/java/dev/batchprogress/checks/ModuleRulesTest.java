package dev.batchprogress.checks;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static dev.batchprogress.checks.ModuleClasses.CORE;
import static dev.batchprogress.checks.ModuleClasses.JMH;
import static dev.batchprogress.checks.ModuleClasses.SERVER;
import static dev.batchprogress.checks.ModuleClasses.SERVLET;
import static dev.batchprogress.checks.ModuleClasses.inModule;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.batchprogress.Details;
import dev.batchprogress.ProgressException;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;

/**
 * Dependency rules between the modules: the rules of the wire contract and the progress arithmetic
 * live in progress-core, the servlet only maps HTTP to the tracker and back, and the server only
 * wires the servlet, the replay and the storage together.
 */
@AnalyzeClasses(locations = ModuleClasses.class)
class ModuleRulesTest {

    /** The packages of the core that the servlet may use: the tracker, the model and the codec. */
    /** The servlet module's Micrometer binding, which implements the core's metrics hooks. */
    private static final String METRICS_BINDING = "dev.batchprogress.servlet.micrometer..";

    private static final String[] TRACKER_FACADE = {
        "dev.batchprogress", "dev.batchprogress.model", "dev.batchprogress.json"
    };

    private static final DescribedPredicate<JavaConstructorCall> CONSTRUCTS_PROGRESS_EXCEPTION =
            DescribedPredicate.describe(
                    "a constructor of a ProgressException",
                    call -> call.getTargetOwner().isAssignableTo(ProgressException.class));

    private static final DescribedPredicate<JavaConstructorCall> CONSTRUCTS_PROGRESS =
            DescribedPredicate.describe(
                    "a constructor of BatchProcessProgress or SupplyShedProgress",
                    call ->
                            call.getTargetOwner().isEquivalentTo(BatchProcessProgress.class)
                                    || call.getTargetOwner()
                                            .isEquivalentTo(SupplyShedProgress.class));

    @ArchTest
    static final ArchRule coreUsesNoServletApiOrJetty =
            noClasses()
                    .that(inModule(CORE))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "jakarta.servlet..", "javax.servlet..", "org.eclipse.jetty..")
                    .because(
                            "the core runs in-process without a container, and its rules are the"
                                    + " same for every adapter");

    @ArchTest
    static final ArchRule coreUsesNoOtherModule =
            noClasses()
                    .that(inModule(CORE))
                    .should()
                    .dependOnClassesThat(inModule(SERVLET).or(inModule(SERVER)).or(inModule(JMH)))
                    .because("the other modules build on the core, not the other way round");

    @ArchTest
    static final ArchRule servletUsesNoJettyOrServer =
            noClasses()
                    .that(inModule(SERVLET))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.eclipse.jetty..")
                    .orShould()
                    .dependOnClassesThat(inModule(SERVER).or(inModule(JMH)))
                    .because(
                            "the servlet runs in any Jakarta Servlet 6.0 container, and the server"
                                    + " is one user of it");

    /**
     * The HTTP classes of the servlet, its top package, use only the tracker. Its {@code
     * micrometer} package is a metrics binding of the core's hooks and of the cache, not a part of
     * the request path, so it is left out.
     */
    @ArchTest
    static final ArchRule servletUsesOnlyTheTrackerFacade =
            noClasses()
                    .that(inModule(SERVLET))
                    .and()
                    .resideOutsideOfPackage(METRICS_BINDING)
                    .should()
                    .dependOnClassesThat(
                            inModule(CORE).and(not(resideInAnyPackage(TRACKER_FACADE))))
                    .because(
                            "the servlet hands every query to the tracker; the calculator, the"
                                    + " engines, the sources and the recording rules are behind it."
                                    + " Only the optional Micrometer binding reads the metrics"
                                    + " hooks of sources, recorders and the cache");

    @ArchTest
    static final ArchRule adaptersRaiseNoContractError =
            noClasses()
                    .that(inModule(SERVLET).or(inModule(SERVER)))
                    .should()
                    .callConstructorWhere(CONSTRUCTS_PROGRESS_EXCEPTION)
                    .because(
                            "every rule of a progress query is the tracker's: adapters map its"
                                    + " exceptions to responses and never raise one themselves");

    @ArchTest
    static final ArchRule servletChecksNoTrackingId =
            noClasses()
                    .that(inModule(SERVLET))
                    .should()
                    .callMethod(TrackingId.class, "of", String.class)
                    .orShould()
                    .callMethod(TrackingId.class, "isCanonical", String.class)
                    .orShould()
                    .callMethod(Details.class, "providedOnlyOnce", String.class)
                    .orShould()
                    .callMethod(Details.class, "tooManyTrackingIds", int.class)
                    .orShould()
                    .callMethod(Details.class, "runNotFound", String.class)
                    .because(
                            "the tracker validates tracking ids and words the details of broken"
                                    + " query rules; the servlet only echoes ids into its log");

    @ArchTest
    static final ArchRule adaptersComputeNoProgress =
            noClasses()
                    .that(inModule(SERVLET).or(inModule(SERVER)))
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.batchprogress.calculator..")
                    .orShould()
                    .dependOnClassesThat()
                    .belongToAnyOf(BatchProcessState.class, SupplyShedState.class, StageState.class)
                    .orShould()
                    .callConstructorWhere(CONSTRUCTS_PROGRESS)
                    .because(
                            "progress is computed from a run's counters in the core only; the"
                                    + " servlet and the server show the answers of the tracker");

    @ArchTest
    static final ArchRule packagesHaveNoCycles =
            slices().matching("dev.(**)")
                    .namingSlices("package dev.$1")
                    .should()
                    .beFreeOfCycles()
                    .because("each package must be understandable and testable without its users");
}
