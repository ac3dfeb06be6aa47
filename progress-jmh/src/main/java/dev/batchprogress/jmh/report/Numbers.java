package dev.batchprogress.jmh.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formats measured numbers for the report: three significant digits, a readable unit. */
final class Numbers {

    private static final MathContext THREE_DIGITS = new MathContext(3);

    private Numbers() {}

    /**
     * Formats a value with its unit. A time, per operation or not, moves to the unit that keeps it
     * between 1 and 1000, such as "17.4 ms" for 1.74 × 10^7 ns/op. Any other value of a million or
     * more is written as a power of ten, such as "5.78 × 10^7 ops/s".
     */
    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String timeUnit = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        if (timeUnit.equals("ns")
                || timeUnit.equals("us")
                || timeUnit.equals("µs")
                || timeUnit.equals("ms")
                || timeUnit.equals("s")) {
            return time(value * nanosPer(timeUnit));
        }
        String number = Math.abs(value) >= 1e6 ? powerOfTen(value) : significant(value);
        return number + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String time(double nanos) {
        String[] units = {"ns", "µs", "ms", "s"};
        int index = 0;
        double scaled = nanos;
        while (Math.abs(scaled) >= 1000 && index < units.length - 1) {
            scaled /= 1000;
            index++;
        }
        return significant(scaled) + " " + units[index];
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new IllegalArgumentException("unknown time unit '" + unit + "'");
        };
    }

    /** Formats a value as three significant digits times a power of ten, such as "5.78 × 10^7". */
    static String powerOfTen(double value) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
        double mantissa = value / Math.pow(10, exponent);
        if (new BigDecimal(mantissa).round(THREE_DIGITS).abs().compareTo(BigDecimal.TEN) >= 0) {
            exponent++;
            mantissa /= 10;
        }
        return significant(mantissa) + " × 10^" + exponent;
    }

    /** Formats an exact count with thousands separators, such as "1,000,000". */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Formats a ratio with three significant digits and a multiplication sign. */
    static String ratio(double value) {
        return (Math.abs(value) >= 1e6 ? powerOfTen(value) : significant(value)) + "×";
    }

    /**
     * Formats a value with three significant digits, keeping trailing zeros ("1.00"), with
     * thousands separators from 1000 on.
     */
    static String significant(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(THREE_DIGITS);
        if (rounded.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return String.format(Locale.ROOT, "%,d", rounded.toBigInteger());
        }
        return rounded.toPlainString();
    }
}
