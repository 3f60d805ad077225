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

    /**
     * Why {@code Cron} is ours and not Micronaut's {@code CronExpression} (nor cron-utils, which is not available to
     * this build): on the days clocks change, Micronaut's skips a daily 02:30 in Berlin on the spring-forward night
     * (its hour walk jumps from 01:00 to 03:00 and never meets 2) and fires it twice on the autumn night (02:30 CEST,
     * then 02:30 CET). A digest would be missing once a year and posted twice once a year. It also ANDs day-of-month
     * with day-of-week where cron ORs them, and has no {@code previous} (the digest's "was one missed?" needs it). When this test fails, Micronaut has fixed the daylight-saving days and ours can go.
     */
    @Test
    void micronautsCronExpressionSkipsTheSpringGapAndRepeatsTheAutumnHourSoOursStays() {
        io.micronaut.scheduling.cron.CronExpression micronaut = io.micronaut.scheduling.cron.CronExpression.create("0 30 2 * * *");
        Cron ours = Cron.parse("30 2 * * *");

        java.time.ZonedDateTime beforeSpring = Instant.parse("2025-03-29T12:00:00Z").atZone(BERLIN);
        assertEquals(Instant.parse("2025-03-31T00:30:00Z"), micronaut.nextTimeAfter(beforeSpring).toInstant(),
                "Micronaut's: nothing on 30 March, next at 02:30 CEST on the 31st");
        assertEquals(Instant.parse("2025-03-30T01:30:00Z"), ours.next(beforeSpring.toInstant(), BERLIN).orElseThrow(),
                "ours: once on 30 March, right after the gap (03:30 CEST)");

        java.time.ZonedDateTime firstAutumn = micronaut.nextTimeAfter(Instant.parse("2025-10-25T12:00:00Z").atZone(BERLIN));
        assertEquals(Instant.parse("2025-10-26T00:30:00Z"), firstAutumn.toInstant(), "02:30 CEST");
        assertEquals(Instant.parse("2025-10-26T01:30:00Z"), micronaut.nextTimeAfter(firstAutumn).toInstant(),
                "Micronaut's: again an hour later, at 02:30 CET");
        assertEquals(Instant.parse("2025-10-27T01:30:00Z"), ours.next(firstAutumn.toInstant(), BERLIN).orElseThrow(),
                "ours: the next is the following night");

        // "on the 13th and on Fridays": cron means either; Micronaut's waits for a Friday the 13th
        Instant newYear = Instant.parse("2025-01-01T00:00:00Z");
        assertEquals(Instant.parse("2025-06-13T09:00:00Z"), io.micronaut.scheduling.cron.CronExpression
                .create("0 0 9 13 * FRI").nextTimeAfter(newYear.atZone(ZoneId.of("UTC"))).toInstant());
        assertEquals(Instant.parse("2025-01-03T09:00:00Z"),
                Cron.parse("0 9 13 * FRI").next(newYear, ZoneId.of("UTC")).orElseThrow());
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
