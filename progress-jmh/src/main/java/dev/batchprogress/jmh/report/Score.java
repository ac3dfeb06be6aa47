package dev.batchprogress.jmh.report;

import java.util.Locale;

/**
 * A measured value with its error, in one unit.
 *
 * @param value the score
 * @param error the half-width of its confidence interval, in the same unit; NaN when unknown
 * @param unit the unit, such as {@code ns/op} or {@code ops/s}
 */
record Score(double value, double error, String unit) {

    /** Returns the relative error, NaN when unknown. */
    double relativeError() {
        return error / value;
    }

    /**
     * Returns {@code this / other}, with the relative error of the quotient taken as the root sum
     * of squares of the two relative errors, which assumes that they are independent.
     */
    Score dividedBy(Score other) {
        double ratio = value / other.value;
        double relative = Math.hypot(relativeError(), other.relativeError());
        return new Score(ratio, ratio * relative, "");
    }

    /**
     * Returns the value and the error with three significant digits each, and the unit once when
     * both take the same one: "412 ± 31.0 ns", but "14.3 ms ± 424 µs".
     */
    String describe() {
        String shown = Numbers.format(value, unit);
        if (Double.isNaN(error)) {
            return shown;
        }
        String spread = Numbers.format(error, unit);
        String suffix = shown.substring(shown.lastIndexOf(' ') + 1);
        boolean sameUnit = shown.contains(" ") && spread.endsWith(" " + suffix);
        return sameUnit
                ? shown.substring(0, shown.lastIndexOf(' ')) + " ± " + spread
                : shown + " ± " + spread;
    }

    /** Returns the value alone with three significant digits and its unit. */
    String describeValue() {
        return Numbers.format(value, unit);
    }

    /** Returns a ratio as "41,700×" or "1.17×", with its error. */
    String describeRatio() {
        String text = Numbers.ratio(value);
        return Double.isNaN(error) ? text : text + " ± " + Numbers.ratio(error);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%g ± %g %s", value, error, unit);
    }
}
