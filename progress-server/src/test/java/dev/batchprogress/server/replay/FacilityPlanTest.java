package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.server.data.Facility;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FacilityPlanTest {

    private static final Facility SMALL = new Facility(1, "1", "Solar", 1.0, true);
    private static final Facility LARGE = new Facility(2, "2", "Coal", 5000.0, true);
    private static final Facility UNKNOWN = new Facility(3, "3", "", null, true);

    @Test
    void succeedingFacility_hasDurationForEachFlow() {
        FacilityPlan plan = FacilityPlan.draw(SMALL, 0, new SplittableRandom(1));

        assertThat(plan.fails()).isFalse();
        assertThat(plan.flowDurations()).hasSize(Pipeline.SUPPLY_SHED.size());
        assertThat(plan.flowDurations()).allSatisfy(d -> assertThat(d).isPositive());
    }

    @Test
    void failingFacility_stopsInOneFlow() {
        FacilityPlan plan = FacilityPlan.draw(SMALL, 1, new SplittableRandom(1));

        assertThat(plan.fails()).isTrue();
        assertThat(plan.flowDurations()).hasSizeBetween(1, Pipeline.SUPPLY_SHED.size());
    }

    @Test
    void sameSeed_drawsSamePlan() {
        assertThat(FacilityPlan.draw(UNKNOWN, 0.5, new SplittableRandom(9)))
                .isEqualTo(FacilityPlan.draw(UNKNOWN, 0.5, new SplittableRandom(9)));
    }

    @Test
    void largerCapacity_takesLongerOnAverage() {
        assertThat(meanTotal(LARGE)).isGreaterThan(meanTotal(SMALL));
    }

    private static Duration meanTotal(Facility facility) {
        SplittableRandom random = new SplittableRandom(3);
        Duration total = Duration.ZERO;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            for (Duration flow : FacilityPlan.draw(facility, 0, random).flowDurations()) {
                total = total.plus(flow);
            }
        }
        return total.dividedBy(draws);
    }
}
