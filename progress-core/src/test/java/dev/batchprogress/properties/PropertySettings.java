package dev.batchprogress.properties;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import java.util.Set;

/**
 * Settings shared by the property tests.
 *
 * <p>To rerun a failing property with the seed that QuickTheories printed, pass it as a system
 * property, {@code mvn verify -pl progress-core -DQT_SEED=<seed>}, or add {@code
 * .withFixedSeed(<seed>)} after {@code qt()}.
 */
final class PropertySettings {

    /** Examples per property; 200 keep the suite well under a minute on 2 cores. */
    static final int EXAMPLES = 200;

    /** Shrink steps after a failure, which bounds the time a failing property takes to report. */
    static final int SHRINK_CYCLES = 50;

    /** A caller of the generated runs' organization with the read permission. */
    static final Caller CALLER =
            new Caller("property-test", Scenarios.ORGANIZATION, Set.of(Permission.READ));

    private PropertySettings() {}
}
