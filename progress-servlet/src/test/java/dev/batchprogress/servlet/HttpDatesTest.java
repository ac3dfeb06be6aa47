package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    @Test
    void format_isTheImfFixdateOfRfc9110() {
        assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37Z")))
                .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.format(Instant.parse("2026-01-05T00:00:00Z")))
                .isEqualTo("Mon, 05 Jan 2026 00:00:00 GMT");
    }

    @Test
    void format_dropsTheFractionOfTheSecond() {
        assertThat(HttpDates.format(Instant.parse("2026-12-04T21:59:11.999999999Z")))
                .isEqualTo("Fri, 04 Dec 2026 21:59:11 GMT");
    }

    @Test
    void format_ofShuffledTimes_matchesTheFormatter() {
        SplittableRandom random = new SplittableRandom(7);
        long previous = 1_700_000_000L;
        for (int i = 0; i < 10_000; i++) {
            // Mostly the same or a neighbouring second, as polling requests arrive, sometimes far
            // away.
            long second =
                    switch (random.nextInt(4)) {
                        case 0 -> previous;
                        case 1 -> previous + 1;
                        case 2 -> previous - 1;
                        default -> random.nextLong(0, 4_102_444_800L);
                    };
            Instant time = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertThat(HttpDates.format(time)).isEqualTo(REFERENCE.format(time));
            previous = second;
        }
    }
}
