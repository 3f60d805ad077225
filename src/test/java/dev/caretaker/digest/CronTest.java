package dev.caretaker.digest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CronTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void nineInBerlinIsEightUtcInWinterAndSevenUtcInSummer() {
        Cron daily = Cron.parse("0 9 * * *");
        // DST starts in Berlin on Sunday 30 March 2025 at 02:00
        assertEquals(Instant.parse("2025-03-29T08:00:00Z"), daily.next(Instant.parse("2025-03-28T08:00:00Z"), BERLIN).orElseThrow());
        assertEquals(Instant.parse("2025-03-30T07:00:00Z"), daily.next(Instant.parse("2025-03-29T08:00:00Z"), BERLIN).orElseThrow());
        // and ends on Sunday 26 October 2025 at 03:00
        assertEquals(Instant.parse("2025-10-26T08:00:00Z"), daily.next(Instant.parse("2025-10-25T07:00:00Z"), BERLIN).orElseThrow());
    }

    @Test
    void previousIsTheLastFireTimeAtOrBefore() {
        Cron daily = Cron.parse("0 9 * * *");
        assertEquals(Instant.parse("2025-03-30T07:00:00Z"),
                daily.previous(Instant.parse("2025-03-30T07:00:00Z"), BERLIN).orElseThrow());
        assertEquals(Instant.parse("2025-03-29T08:00:00Z"),
                daily.previous(Instant.parse("2025-03-30T06:59:59Z"), BERLIN).orElseThrow());
    }

    @Test
    void aTimeInTheSpringGapFiresRightAfterItAndATimeInTheAutumnOverlapOnce() {
        Cron half = Cron.parse("30 2 * * *");
        assertEquals(Instant.parse("2025-03-30T01:30:00Z"), // 03:30 CEST: 02:30 does not exist that night
                half.next(Instant.parse("2025-03-29T12:00:00Z"), BERLIN).orElseThrow());
        Instant autumn = half.next(Instant.parse("2025-10-25T12:00:00Z"), BERLIN).orElseThrow();
        assertEquals(Instant.parse("2025-10-26T00:30:00Z"), autumn, "02:30 CEST, the first of the two");
        assertEquals(Instant.parse("2025-10-27T01:30:00Z"), half.next(autumn, BERLIN).orElseThrow(), "not again at 02:30 CET");
    }

    @Test
    void weekdaysMonthsListsStepsAndNames() {
        Cron mondays = Cron.parse("0 9 * * MON");
        assertEquals(Instant.parse("2025-03-31T09:00:00Z"),
                mondays.next(Instant.parse("2025-03-25T00:00:00Z"), ZoneId.of("UTC")).orElseThrow());
        Cron quarterly = Cron.parse("0 9 1 1,4,7,10 *");
        assertEquals(Instant.parse("2025-04-01T09:00:00Z"),
                quarterly.next(Instant.parse("2025-01-01T09:00:00Z"), ZoneId.of("UTC")).orElseThrow());
        Cron every15 = Cron.parse("*/15 * * * *");
        assertEquals(Instant.parse("2025-01-01T00:15:00Z"),
                every15.next(Instant.parse("2025-01-01T00:00:00Z"), ZoneId.of("UTC")).orElseThrow());
        assertEquals(Instant.parse("2025-01-05T00:00:00Z"),
                Cron.parse("@weekly").next(Instant.parse("2025-01-01T00:00:00Z"), ZoneId.of("UTC")).orElseThrow());
    }

    @Test
    void badExpressionsSayWhichFieldIsWrong() {
        assertEquals("a cron expression has 5 fields (minute hour day month weekday), `0 9 * *` has 4",
                assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 9 * *")).getMessage());
        assertEquals("the hour `25` is outside 0-23",
                assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 25 * * *")).getMessage());
        assertEquals("the weekday `FUNDAY` is not a number",
                assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 9 * * FUNDAY")).getMessage());
    }
}
