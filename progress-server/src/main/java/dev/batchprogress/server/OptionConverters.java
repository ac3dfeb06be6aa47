package dev.batchprogress.server;

import dev.batchprogress.server.serve.TokenGrant;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values that check the range too, so that a bad value is rejected while the
 * command line is parsed, with a message that shows the value and what was expected.
 */
final class OptionConverters {

    private OptionConverters() {}

    /** Converts a speed: a positive number of simulated seconds per real second, or {@code max}. */
    static final class Speed implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.equalsIgnoreCase("max")) {
                return Double.POSITIVE_INFINITY;
            }
            double speed = parseDouble(value);
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a positive number or 'max'; expected simulated seconds"
                                + " per real second, such as 60");
            }
            return speed;
        }
    }

    /**
     * Converts a simulated duration: a number with the unit {@code ms}, {@code s}, {@code m} or
     * {@code h} (seconds when there is none), or an ISO-8601 duration such as {@code PT1M}.
     */
    static final class SimulatedDuration implements ITypeConverter<Duration> {

        private static final Pattern NUMBER_AND_UNIT =
                Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
        private static final Duration MAX = Duration.ofDays(365);

        @Override
        public Duration convert(String value) {
            Duration duration = parse(value.strip());
            if (duration == null || duration.toMillis() < 1 || duration.compareTo(MAX) > 0) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a duration from 1 ms to 365 days; expected a number"
                                + " with the unit ms, s, m or h, such as 60s");
            }
            return duration;
        }

        static @Nullable Duration parse(String value) {
            Matcher matcher = NUMBER_AND_UNIT.matcher(value);
            if (matcher.matches()) {
                String unit = matcher.group(2);
                double millisPerUnit =
                        switch (unit == null ? "s" : unit.toLowerCase(Locale.ROOT)) {
                            case "ms" -> 1;
                            case "m" -> 60_000;
                            case "h" -> 3_600_000;
                            default -> 1_000;
                        };
                double millis = Double.parseDouble(matcher.group(1)) * millisPerUnit;
                // Larger values are out of range anyway; the cap keeps the conversion exact.
                return Duration.ofMillis(Math.round(Math.min(millis, Long.MAX_VALUE / 2.0)));
            }
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /**
     * Converts a real-time duration from 1 ms to a maximum, in the forms that {@link
     * SimulatedDuration} accepts.
     */
    private abstract static class BoundedDuration implements ITypeConverter<Duration> {

        private final Duration max;
        private final String maxText;
        private final String example;

        BoundedDuration(Duration max, String maxText, String example) {
            this.max = max;
            this.maxText = maxText;
            this.example = example;
        }

        @Override
        public Duration convert(String value) {
            Duration duration = SimulatedDuration.parse(value.strip());
            if (duration == null || duration.toMillis() < 1 || duration.compareTo(max) > 0) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a duration from 1 ms to "
                                + maxText
                                + "; expected a number with the unit ms, s, m or h, such as "
                                + example);
            }
            return duration;
        }
    }

    /** Converts a real-time duration from 1 ms to 1 hour, such as a poll interval. */
    static final class RealDuration extends BoundedDuration {

        RealDuration() {
            super(Duration.ofHours(1), "1 hour", "2s");
        }
    }

    /** Converts a real-time limit from 1 ms to 365 days, such as a timeout. */
    static final class Timeout extends BoundedDuration {

        Timeout() {
            super(Duration.ofDays(365), "365 days", "30m");
        }
    }

    /** Converts a TCP port from 0 to 65535, where 0 picks a free port. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a port from 0 to 65535; expected a number such as"
                                + " 8080, or 0 for a free port");
            }
            return port;
        }
    }

    /** Converts a host name or IP address to listen on, which must not be blank. */
    static final class Host implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is blank; expected a host name or IP address such as"
                                + " 127.0.0.1, or 0.0.0.0 for every IPv4 address");
            }
            return value.strip();
        }
    }

    /**
     * Converts a token entry of the form {@value TokenGrant#FORM}. The message of a rejected entry
     * names its subject and the bad part, never the token.
     */
    static final class Token implements ITypeConverter<TokenGrant> {
        @Override
        public TokenGrant convert(String value) {
            try {
                return TokenGrant.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts a share: a probability from 0 to 1. */
    static final class Share implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double share = parseDouble(value);
            if (!(share >= 0 && share <= 1)) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a number from 0 to 1; expected a probability such as"
                                + " 0.03");
            }
            return share;
        }
    }

    /** Converts a count of at least 1. */
    static final class PositiveCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int count;
            try {
                count = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a whole number from 1 to "
                                + Integer.MAX_VALUE
                                + "; expected a count such as 64");
            }
            return count;
        }
    }

    /** Converts an organization name, which must not be blank. */
    static final class Organization implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException(
                        "'" + value + "' is blank; expected an organization name such as demo");
            }
            return value;
        }
    }

    /** Converts the path of a file that exists and can be read. */
    static final class ReadableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path path;
            try {
                path = Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a valid path: " + e.getReason());
            }
            if (!Files.exists(path)) {
                throw new TypeConversionException("file '" + value + "' does not exist");
            }
            if (!Files.isRegularFile(path)) {
                throw new TypeConversionException(
                        "'" + value + "' is not a regular file; expected a trace or CSV file");
            }
            if (!Files.isReadable(path)) {
                throw new TypeConversionException(
                        "file '" + value + "' is not readable; check its permissions");
            }
            return path;
        }
    }

    /** Parses a decimal number, or returns NaN, which every range check rejects. */
    private static double parseDouble(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
