package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.Cron;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSpec;
import dev.caretaker.digest.Evidence;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.digest.Section;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The freshness probe, the digest section and the {@code backup-verified} check, with the clock moved along. */
class BackupFreshnessTest {

    @TempDir
    Path dir;

    private static String render(Section s) {
        Reply.Builder r = Reply.builder();
        s.blocks().forEach(r::block);
        return PlainText.render(r.build());
    }

    @Test
    void theNewestVerifiedBackupAgesIntoAWarningThenACriticalAndTheChecklistFollows() {
        Map<String, Object> p = new HashMap<>(Shop.create().properties(dir));
        p.put("caretaker.test.clock", "2025-05-01T03:00:00Z");
        p.put("caretaker.backups.targets.shop.schedule", "0 2 * * *");
        p.put("caretaker.backups.scheduler.enabled", "false");
        try (ApplicationContext c = TestContexts.start(p)) {
            BackupFreshness freshness = c.getBean(BackupFreshness.class);
            BackupSettings shop = c.getBean(BackupConfig.class).scheduledTargets().get("shop");
            assertTrue(c.getBean(ProbeCatalog.class).probes().stream()
                    .anyMatch(pr -> pr.target().equals("shop") && pr.name().equals(BackupFreshness.PROBE)));
            ProbeResult none = freshness.check(shop);
            assertEquals(ProbeStatus.WARN, none.status());
            assertEquals(BackupMessages.freshnessNone("shop", true), none.detail());
            assertEquals(Evidence.Verdict.FAILED, c.getBean(BackupVerifiedCheck.class).check().verdict());

            Dispatcher d = c.getBean(Dispatcher.class);
            Outcome now = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"), "backup now shop", null));
            assertTrue(now instanceof Outcome.Completed, PlainText.render(now.reply()));
            // stored but not yet verified: still no verified backup
            assertEquals(ProbeStatus.WARN, freshness.check(shop).status());
            Outcome verify = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                    "backup verify latest shop", null));
            assertTrue(verify instanceof Outcome.Completed, PlainText.render(verify.reply()));

            assertEquals(ProbeStatus.OK, freshness.check(shop).status());
            Evidence passed = c.getBean(BackupVerifiedCheck.class).check();
            assertEquals(Evidence.Verdict.PASSED, passed.verdict(), passed.text());

            MutableClock clock = c.getBean(MutableClock.class);
            clock.advance(Duration.ofHours(27));
            ProbeResult warn = freshness.check(shop);
            assertEquals(ProbeStatus.WARN, warn.status(), warn.detail());
            assertEquals(27.0, warn.value());
            clock.advance(Duration.ofHours(24));
            ProbeResult critical = freshness.check(shop);
            assertEquals(ProbeStatus.CRITICAL, critical.status(), critical.detail());

            DigestContext ctx = new DigestContext(new DigestSpec("ops", ChannelAddress.CONSOLE, Cron.parse("0 9 * * *"),
                    ZoneId.of("UTC"), List.of("backups")), clock.instant(), Duration.ofHours(24), List.of());
            Section section = c.getBean(BackupsSection.class).render(ctx);
            assertEquals(1, section.criticals());
            String text = render(section);
            assertTrue(text.contains("shop") && text.contains("critical") && text.contains("passed 2 days ago"), text);
            assertTrue(section.blocks().get(1) instanceof Block.Table);

            clock.set(Instant.parse("2025-06-02T03:00:00Z"));
            Evidence stale = c.getBean(BackupVerifiedCheck.class).check();
            assertEquals(Evidence.Verdict.FAILED, stale.verdict());
            assertEquals(BackupMessages.checkNotVerified(List.of("shop"), 31), stale.text());
        }
    }

    @Test
    void withoutBackupsTheCheckCannotTellAndTheSectionStaysOut() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.probes.enabled", "false"))) {
            assertEquals(Evidence.Verdict.UNKNOWN, c.getBean(BackupVerifiedCheck.class).check().verdict());
            DigestContext ctx = new DigestContext(new DigestSpec("ops", ChannelAddress.CONSOLE, Cron.parse("0 9 * * *"),
                    ZoneId.of("UTC"), List.of("backups")), Instant.now(), Duration.ofHours(24), List.of());
            assertTrue(c.getBean(BackupsSection.class).render(ctx).isEmpty());
        }
    }
}
