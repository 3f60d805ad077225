package dev.caretaker.digest;

import dev.caretaker.alert.ProbeRows;
import dev.caretaker.store.ResultRollups;
import dev.caretaker.store.ProbeRollups;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.store.ProbeResultStore;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probe history: hourly rollups, baselines for trends, retention, and the scheduler's results folded in once. */
class HistoryTest {

    @Test
    void resultsFoldIntoHourlyBucketsThatGiveTrendsAndArePrunedAfterThirtyDays() {
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.properties("2025-06-30T12:30:00Z"))) {
            ProbeRollups rollups = ctx.getBean(ProbeRollups.class);
            rollups.add(ProbeRows.rows(List.of(
                    result("api", 100, "2025-06-29T12:05:00Z"), result("api", 300, "2025-06-29T12:55:00Z"),
                    result("api", 50, "2025-06-25T08:00:00Z"), result("api", 999, "2025-05-20T08:00:00Z"))));
            Map<String, List<ProbeRollups.Bucket>> hourly = rollups.hourly("http", Instant.parse("2025-06-29T00:00:00Z"),
                    Instant.parse("2025-06-30T12:30:00Z"));
            assertEquals(1, hourly.get("api").size(), "two results in one hour are one bucket");
            ProbeRollups.Bucket b = hourly.get("api").get(0);
            assertEquals(2, b.samples());
            assertEquals(200.0, b.mean());
            assertEquals(300.0, b.max());

            ProbeRollups.Baseline base = rollups.baselines("http", Instant.parse("2025-06-30T12:30:00Z")).get("api");
            assertEquals(200.0, base.yesterday(), "the same hour yesterday");
            assertEquals(150.0, base.week(), "the mean of the last 7 days: (100 + 300 + 50) / 3");

            assertTrue(ctx.getBean(HistoryRetention.class).maybeRun());
            assertFalse(ctx.getBean(HistoryRetention.class).maybeRun(), "at most once an hour");
            assertNull(rollups.peak("api", "http", Instant.parse("2025-05-01T00:00:00Z"),
                    Instant.parse("2025-05-31T00:00:00Z")), "older than 30 days: gone");
            assertEquals(300.0, rollups.peak("api", "http", Instant.parse("2025-06-01T00:00:00Z"),
                    Instant.parse("2025-06-30T12:30:00Z")));
        }
    }

    @Test
    void theProbeSchedulersResultsAreFoldedIntoTheHourlyHistoryOnce() {
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.properties("2025-06-30T12:30:00Z"))) {
            ProbeResultStore raw = ctx.getBean(ProbeResultStore.class);
            raw.recordAll(ProbeRows.rows(List.of(result("api", 100, "2025-06-30T11:05:00Z"),
                    result("api", 200, "2025-06-30T11:35:00Z"),
                    new ProbeResult("api", "http", ProbeStatus.CRITICAL, null, "ms", "could not connect",
                            Duration.ofSeconds(5), Instant.parse("2025-06-30T11:45:00Z")))));
            ResultRollups rollups = ctx.getBean(ResultRollups.class);
            assertEquals(3, rollups.foldNew());
            assertEquals(0, rollups.foldNew(), "each result once");
            raw.record(ProbeRows.row(result("api", 600, "2025-06-30T11:55:00Z")));
            assertEquals(1, rollups.foldNew());

            ProbeRollups.Bucket b = ctx.getBean(ProbeRollups.class).hourly("http", Instant.parse("2025-06-30T11:00:00Z"),
                    Instant.parse("2025-06-30T12:30:00Z")).get("api").get(0);
            assertEquals(Instant.parse("2025-06-30T11:00:00Z"), b.hour());
            assertEquals(4, b.samples());
            assertEquals(300.0, b.mean(), "the mean of the three values; the failed check has none");
            assertEquals(600.0, b.max());
            assertEquals(1, b.criticals());
            assertEquals(5000, b.maxLatencyMs());
        }
    }

    private static ProbeResult result(String target, double ms, String at) {
        return new ProbeResult(target, "http", ProbeStatus.OK, ms, "ms", "", Duration.ofMillis((long) ms),
                Instant.parse(at));
    }
}
