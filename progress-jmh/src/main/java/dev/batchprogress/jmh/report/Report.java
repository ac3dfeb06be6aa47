package dev.batchprogress.jmh.report;

import dev.batchprogress.jmh.report.JmhResults.Result;
import dev.batchprogress.jmh.report.Verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code BENCHMARKS.md} from the results: the machine, a summary of the targets, then a
 * table and a paragraph per benchmark. Benchmarks without results are marked not measured.
 */
final class Report {

    private final JmhResults jmh;
    private final Inputs inputs;
    private final List<Verdict> verdicts = new ArrayList<>();

    /**
     * The results other than JMH's, and the facts about the machine.
     *
     * @param footprint the memory comparison, or empty when it did not run
     * @param servlet the wrk rounds against the real servlet
     * @param fixed the wrk rounds against the fixed-JSON servlet
     * @param revalidation the wrk rounds against the real servlet with the answer's entity tag in
     *     {@code If-None-Match}, each answered 304
     * @param machine the cores, the CPU model and the date
     * @param load what other processes took from the machine meanwhile, or empty when unknown
     * @param postgresUnreachable why PostgreSQL could not be reached, or empty
     * @param profiles where ours spends its time, from the profilers
     */
    record Inputs(
            Optional<Footprint> footprint,
            HttpRuns servlet,
            HttpRuns fixed,
            HttpRuns revalidation,
            String machine,
            Optional<MachineLoad> load,
            Optional<String> postgresUnreachable,
            Profiles profiles) {}

    /**
     * The profiles of a separate, shorter run of some benchmarks.
     *
     * @param query the stack profile of the tracker query at 10^7 facilities, as Markdown code
     * @param servlet the server's samples during a round against the real servlet
     * @param fixed the server's samples during a round against the fixed-JSON servlet
     */
    record Profiles(
            Optional<String> query, Optional<JfrSamples> servlet, Optional<JfrSamples> fixed) {}

    /**
     * The bytes per facility of the two layouts.
     *
     * @param facilities the run's size
     * @param storeBytes the run's bytes in the in-memory store
     * @param objectBytes the bytes of one object per facility and their array
     */
    record Footprint(long facilities, long storeBytes, long objectBytes) {}

    Report(JmhResults jmh, Inputs inputs) {
        this.jmh = jmh;
        this.inputs = inputs;
    }

    String render() {
        Markdown body = new Markdown();
        body.raw(EngineSections.queryCost(jmh, inputs.profiles().query(), verdicts));
        body.raw(EngineSections.cacheHit(jmh, verdicts));
        body.raw(EngineSections.recording(jmh, inputs.footprint(), verdicts));
        body.raw(EngineSections.combining(jmh, verdicts));
        body.raw(IoSections.database(jmh, inputs.postgresUnreachable(), verdicts));
        body.raw(
                IoSections.http(
                        inputs.servlet(),
                        inputs.fixed(),
                        inputs.revalidation(),
                        inputs.profiles().servlet(),
                        inputs.profiles().fixed(),
                        verdicts));

        Markdown report = new Markdown().heading(1, "Benchmarks");
        report.paragraph(
                "Written by `progress-jmh/run-benchmarks.sh`, which builds the benchmarks, runs",
                "them and writes this page; run it again rather than editing the page.",
                "Each benchmark runs our code and the alternative it replaces in the same run.",
                "The machine is shared and small, so read the ratios: the absolute figures vary",
                "from run to run by more than their errors suggest.");
        report.table(
                List.of("run", "on"),
                List.of(
                        List.of("machine", inputs.machine()),
                        List.of("JDK", jmh.jdk()),
                        List.of("JMH", jmh.settings() + ", with `-prof gc`"),
                        List.of(
                                "other load",
                                inputs.load().map(MachineLoad::describe).orElse("not recorded"))));
        if (inputs.load().isPresent() && inputs.load().get().disturbing()) {
            report.paragraph(
                    "**Warning:** other processes kept the machine busy during this run, so",
                    "every figure below is disturbed, the multi-threaded ones most. Run the",
                    "script again on an idle machine before drawing conclusions.");
        }
        report.paragraph(
                "Errors are JMH's 99.9% confidence half-intervals. The error of a ratio is the",
                "root sum of squares of the two relative errors, which treats them as independent.",
                "For HTTP, figures are the median of the wrk rounds and the error is half the",
                "spread between the lowest and the highest round. A ratio is the median of the",
                "ratios of the two paths' rounds of the same number, which ran within seconds of",
                "each other, with half their spread as error.");
        report.heading(2, "Targets");
        List<List<String>> rows = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            rows.add(
                    List.of(
                            verdict.benchmark(),
                            verdict.target(),
                            verdict.result(),
                            verdict.outcome().label()));
        }
        report.table(List.of("benchmark", "target", "result", "outcome"), rows);
        return report.raw(body.toString()).toString().stripTrailing() + "\n";
    }

    /** Returns the result of a method with the given parameters, if it ran. */
    static Optional<Result> result(JmhResults jmh, String benchmark, Map<String, String> params) {
        return jmh.find(benchmark, params);
    }

    /** Returns the outcome of a comparison, or not measured when either side is missing. */
    static Outcome outcome(Optional<?> left, Optional<?> right, boolean met) {
        return left.isEmpty() || right.isEmpty() ? Outcome.NOT_MEASURED : Outcome.of(met);
    }
}
