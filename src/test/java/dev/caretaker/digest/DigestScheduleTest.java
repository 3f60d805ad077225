package dev.caretaker.digest;

import dev.caretaker.store.DigestRuns;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A digest at 09:00 Europe/Berlin with a fixed clock: the right instant across DST, and restarts. */
class DigestScheduleTest {

    @Test
    void nineInBerlinIsPostedAtTheRightInstantOnBothSidesOfTheDstChange() {
        // DST starts in Berlin on Sunday 30 March 2025: 09:00 is 08:00 UTC on Saturday, 07:00 UTC on Sunday
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.berlinDigest("2025-03-29T07:59:00Z",
                List.of("status")))) {
            MutableClock clock = ctx.getBean(MutableClock.class);
            DigestService digests = ctx.getBean(DigestService.class);
            RecordingChat chat = ctx.getBean(RecordingChat.class);

            assertEquals(List.of(), digests.runDue(), "08:59 Berlin: not yet");
            clock.set(Instant.parse("2025-03-29T08:00:00Z"));
            List<DigestService.Posted> saturday = digests.runDue();
            assertEquals(1, saturday.size());
            assertEquals(Instant.parse("2025-03-29T08:00:00Z"), saturday.get(0).scheduledAt());
            assertFalse(saturday.get(0).late());
            clock.set(Instant.parse("2025-03-29T08:00:30Z"));
            assertEquals(List.of(), digests.runDue(), "the next tick does not post it again");

            clock.set(Instant.parse("2025-03-30T06:59:30Z"));
            assertEquals(List.of(), digests.runDue(), "08:59:30 CEST on Sunday: not yet");
            clock.set(Instant.parse("2025-03-30T07:00:10Z"));
            List<DigestService.Posted> sunday = digests.runDue();
            assertEquals(1, sunday.size());
            assertEquals(Instant.parse("2025-03-30T07:00:00Z"), sunday.get(0).scheduledAt());

            assertEquals(2, chat.awaitPosts(2, java.time.Duration.ofSeconds(10)).size());
            // two messages, two outbox lanes delivered in parallel: either may land first
            assertEquals(java.util.Set.of("Daily digest, Sat 29 Mar 2025", "Daily digest, Sun 30 Mar 2025"),
                    chat.posts().stream().map(p -> p.reply().header()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aRestartAfterAMissedDayPostsOneLateDigestNotOnePerDay() {
        Map<String, Object> props = DigestContexts.berlinDigest("2025-06-02T07:00:05Z", List.of("status"));
        String db = (String) TestContexts.properties().get("datasources.default.url");
        props.put("datasources.default.url", db);
        try (ApplicationContext first = DigestContexts.start(props)) {
            assertEquals(1, first.getBean(DigestService.class).runDue().size(), "Monday's digest");
            // delivered before the shutdown, so the next start's outbox holds only what that start adds
            first.getBean(RecordingChat.class).awaitPosts(1, java.time.Duration.ofSeconds(10));
        }
        // down from Monday until Thursday noon: Tuesday's, Wednesday's and Thursday's were missed
        props.put("caretaker.test.clock", "2025-06-05T10:00:00Z");
        try (ApplicationContext second = DigestContexts.start(props)) {
            DigestService digests = second.getBean(DigestService.class);
            RecordingChat chat = second.getBean(RecordingChat.class);
            List<DigestService.Posted> posted = digests.runDue();
            assertEquals(1, posted.size(), "one late digest");
            chat.awaitPosts(1, java.time.Duration.ofSeconds(10));
            assertTrue(posted.get(0).late());
            assertEquals(Instant.parse("2025-06-05T07:00:00Z"), posted.get(0).scheduledAt(), "today's, not the oldest");
            assertEquals("Daily digest, Thu 5 Jun 2025 (late: it was due Thu 5 Jun 09:00 CEST)",
                    chat.posts().get(0).reply().header());
            second.getBean(MutableClock.class).set(Instant.parse("2025-06-05T10:00:30Z"));
            assertEquals(List.of(), digests.runDue());
            assertEquals(2, second.getBean(DigestRuns.class).count("morning"));
        }
    }

    @Test
    void aPlatformThatIsDownDelaysTheMessageButTheDigestIsClaimedAndPostedOnce() {
        Map<String, Object> p = DigestContexts.berlinDigest("2025-06-02T07:00:01Z", List.of("status"));
        p.put("caretaker.outbox.backoff-base", "100ms");
        try (ApplicationContext ctx = DigestContexts.start(p)) {
            DigestService digests = ctx.getBean(DigestService.class);
            RecordingChat chat = ctx.getBean(RecordingChat.class);
            chat.failNextPost(dev.caretaker.chat.DeliveryException.retryable("HTTP 503", null));
            assertEquals(1, digests.runDue().size(), "claimed with its message in the outbox");
            ctx.getBean(MutableClock.class).set(Instant.parse("2025-06-02T07:00:31Z"));
            assertEquals(List.of(), digests.runDue(), "the next tick does not compose it again");
            assertEquals(1, chat.awaitPosts(1, java.time.Duration.ofSeconds(15)).size(), "the outbox retried");
            assertEquals(1, ctx.getBean(DigestRuns.class).count("morning"));
        }
    }

    @Test
    void aFirstStartAfterTheMorningsTimeWaitsForTheNextOne() {
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.berlinDigest("2025-06-02T12:00:00Z",
                List.of("status")))) {
            DigestService digests = ctx.getBean(DigestService.class);
            assertEquals(List.of(), digests.runDue(), "nothing was missed on a fresh install");
            ctx.getBean(MutableClock.class).set(Instant.parse("2025-06-03T07:00:01Z"));
            assertEquals(1, digests.runDue().size());
        }
    }
}
