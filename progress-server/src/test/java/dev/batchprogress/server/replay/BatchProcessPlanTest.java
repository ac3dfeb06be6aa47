package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.Flow;
import dev.batchprogress.server.data.BundledData;
import dev.batchprogress.server.data.TraceTask;
import dev.batchprogress.server.data.WorkflowTrace;
import dev.batchprogress.server.data.WorkflowTraceParser;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchProcessPlanTest {

    private static TraceTask task(String id, String category, String... parents) {
        return new TraceTask(id, category, List.of(parents), Duration.ofSeconds(1));
    }

    private static List<String> stageNames(BatchProcessPlan plan) {
        return plan.pipeline().flows().stream().map(Flow::name).toList();
    }

    private static List<Integer> stageSizes(BatchProcessPlan plan) {
        return IntStream.rangeClosed(1, plan.pipeline().size()).mapToObj(plan::stageSize).toList();
    }

    private static BatchProcessPlan bundled(String name) {
        return BatchProcessPlan.of(WorkflowTraceParser.parse(BundledData.read(name)));
    }

    @Test
    void genome_groupsRootCategoriesIntoStageOne() {
        BatchProcessPlan plan = bundled("1000genome-chameleon-4ch-250k-001.json");

        assertThat(stageNames(plan))
                .containsExactly(
                        "individuals+sifting",
                        "individuals_merge",
                        "mutation_overlap",
                        "frequency");
        assertThat(stageSizes(plan)).containsExactly(104, 4, 28, 28);
        assertThat(plan.pipeline().name()).isEqualTo("1000genome-chameleon-4ch-250k-001");
    }

    @Test
    void montage_hasOneStagePerLevel() {
        BatchProcessPlan plan = bundled("montage-chameleon-2mass-01d-001.json");

        assertThat(stageNames(plan))
                .containsExactly(
                        "mProject",
                        "mDiffFit",
                        "mConcatFit",
                        "mBgModel",
                        "mBackground",
                        "mImgtbl",
                        "mAdd",
                        "mViewer");
        assertThat(stageSizes(plan)).containsExactly(21, 45, 3, 3, 21, 3, 3, 4);
    }

    @Test
    void equalDepth_keepsOrderOfFirstAppearance() {
        WorkflowTrace trace =
                WorkflowTrace.of(
                        "t.json",
                        List.of(
                                task("r", "root"),
                                task("z1", "zeta", "r"),
                                task("a1", "alpha", "r"),
                                task("z2", "zeta", "r")));

        assertThat(stageNames(BatchProcessPlan.of(trace))).containsExactly("root", "zeta", "alpha");
    }

    @Test
    void categoryDepth_isDepthOfItsShallowestTask() {
        // "late" first appears deep, but one of its tasks sits at depth 1, before "mid" at 2.
        WorkflowTrace trace =
                WorkflowTrace.of(
                        "t.json",
                        List.of(
                                task("r", "root"),
                                task("m", "first", "r"),
                                task("x", "mid", "m"),
                                task("l1", "late", "x"),
                                task("l2", "late", "r")));

        assertThat(stageNames(BatchProcessPlan.of(trace)))
                .containsExactly("root", "first", "late", "mid");
    }

    @Test
    void rootCategory_staysInStageOne() {
        WorkflowTrace trace =
                WorkflowTrace.of(
                        "t.json",
                        List.of(task("a1", "a"), task("b1", "b", "a1"), task("a2", "a", "b1")));

        BatchProcessPlan plan = BatchProcessPlan.of(trace);

        assertThat(stageNames(plan)).containsExactly("a", "b");
        assertThat(plan.stageOf(2)).isEqualTo(1);
        assertThat(plan.numberInStage(2)).isEqualTo(1);
    }

    @Test
    void tasks_areNumberedWithinStageInFileOrder() {
        WorkflowTrace trace =
                WorkflowTrace.of(
                        "t.json",
                        List.of(
                                task("s1", "sift"),
                                task("i1", "ind"),
                                task("m1", "merge", "i1", "s1"),
                                task("i2", "ind"),
                                task("m2", "merge", "i2")));

        BatchProcessPlan plan = BatchProcessPlan.of(trace);

        assertThat(stageNames(plan)).containsExactly("sift+ind", "merge");
        assertThat(IntStream.range(0, 5).map(plan::stageOf)).containsExactly(1, 1, 2, 1, 2);
        assertThat(IntStream.range(0, 5).map(plan::numberInStage)).containsExactly(0, 1, 0, 2, 1);
        assertThat(plan.children(0)).containsExactly(2);
        assertThat(plan.parentCount(2)).isEqualTo(2);
    }
}
