package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probe history: hourly rollups, baselines for trends, retention; and the stand-in probes of targets. */
class HistoryTest {

    @Test
    void resultsFoldIntoHourlyBucketsThatGiveTrendsAndArePrunedAfterThirtyDays() {
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.properties("2025-06-30T12:30:00Z"))) {
            ProbeRollups rollups = ctx.getBean(ProbeRollups.class);
            rollups.add(List.of(
                    result("api", 100, "2025-06-29T12:05:00Z"), result("api", 300, "2025-06-29T12:55:00Z"),
                    result("api", 50, "2025-06-25T08:00:00Z"), result("api", 999, "2025-05-20T08:00:00Z")));
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
    void theStandInProbesJudgeHttpAndDiskTargets() {
        try (LoopbackTargets web = new LoopbackTargets(2, Duration.ZERO, -1)) {
            Map<String, Object> p = DigestContexts.properties("2025-06-30T12:30:00Z");
            p.remove("caretaker.test.fixed-probes");
            p.put("caretaker.targets.ok-site.type", "http");
            p.put("caretaker.targets.ok-site.url", web.url(1));
            p.put("caretaker.targets.broken-site.type", "http");
            p.put("caretaker.targets.broken-site.url", web.url(2));
            p.put("caretaker.targets.gone-site.type", "http");
            p.put("caretaker.targets.gone-site.url", "http://127.0.0.1:1/");
            p.put("caretaker.targets.root.type", "disk");
            p.put("caretaker.targets.root.path", Path.of(".").toAbsolutePath().toString());
            try (ApplicationContext ctx = DigestContexts.start(p)) {
                Map<String, ProbeResult> byTarget = new java.util.HashMap<>();
                ctx.getBean(ProbeSource.class).runAll().forEach(r -> byTarget.put(r.target(), r));
                assertEquals(ProbeStatus.OK, byTarget.get("ok-site").status());
                assertEquals("HTTP 200", byTarget.get("ok-site").detail());
                assertEquals("ms", byTarget.get("ok-site").unit());
                assertEquals(ProbeStatus.CRITICAL, byTarget.get("broken-site").status());
                assertEquals("HTTP 503", byTarget.get("broken-site").detail());
                assertEquals(ProbeStatus.CRITICAL, byTarget.get("gone-site").status());
                assertEquals("could not connect", byTarget.get("gone-site").detail());
                assertEquals("disk", byTarget.get("root").probe());
                assertTrue(byTarget.get("root").value() > 0 && byTarget.get("root").value() <= 100);
                assertTrue(byTarget.get("root").detail().endsWith(" free"), byTarget.get("root").detail());
            }
        }
    }

    private static ProbeResult result(String target, double ms, String at) {
        return new ProbeResult(target, "http", ProbeStatus.OK, ms, "ms", "", Duration.ofMillis((long) ms),
                Instant.parse(at));
    }
}
