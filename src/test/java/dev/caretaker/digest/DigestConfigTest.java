package dev.caretaker.digest;

import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.Platforms;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Digests and checklists from config: the example file is valid, and every mistake is one plain sentence. */
class DigestConfigTest {

    private static final List<String> SECTIONS = List.of("status", "probes", "alerts", "quiet-hours", "maintenance",
            "postgres", "cache", "tls", "backups", "disk", "commands", "checklists", "chart");
    private static final List<String> CHECKS = List.of("vacuum-this-week", "certificates-over-30-days",
            "no-unused-indexes", "no-long-transactions", "redis-healthy", "backup-verified");
    private static final Platforms PLATFORMS = new Platforms(List.of(SlackPlatform.SPEC, DiscordPlatform.SPEC));

    @Test
    @SuppressWarnings("unchecked")
    void theExampleConfigurationHasADigestAndTheSeedsChecklists() throws Exception {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("config/caretaker.yml")));
        Map<String, Object> caretaker = (Map<String, Object>) yaml.get("caretaker");
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.digests", caretaker.get("digests"));
        p.put("caretaker.checklists", caretaker.get("checklists"));
        // bound by Micronaut as the running service binds them, then checked against its sections and checks
        try (ApplicationContext c = TestContexts.start(p)) {
            DigestConfig config = c.getBean(DigestConfig.class);
            assertEquals(1, config.digests().size());
            assertEquals("Europe/Berlin", config.digests().get(0).zone().getId());
            assertEquals(SECTIONS, config.digests().get(0).sections());
            assertEquals(List.of("weekly", "monthly", "quarterly"), config.checklists().stream().map(ChecklistSpec::name).toList());
            assertEquals(4, config.checklists().get(0).items().stream().filter(i -> i.check().isPresent()).count());
            assertEquals(7, config.checklists().get(0).items().size());
        }
    }

    @Test
    void everyMistakeIsReportedAtOnceInPlainSentences() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new DigestConfig(
                List.of(new DigestEntrySettings(0, null, "ops-channel", "0 25 * * *", "Mars/Olympus",
                        List.of("status", "weather"))),
                List.of(new ChecklistSettings(0, "weekly", "console", "0 9 * * 1", null,
                        List.of(Map.of("text", "Backups copied off site", "check", "backup-offsite")))),
                SECTIONS, CHECKS, PLATFORMS));
        assertEquals("`caretaker.digests[0].channel` `ops-channel` is not a channel address; use slack:C0123ABCD, "
                + "discord:112233445566778899 or console. `caretaker.digests[0].cron` `0 25 * * *` cannot be read: the "
                + "hour `25` is outside 0-23; for every day at 09:00 write \"0 9 * * *\". `caretaker.digests[0].zone` "
                + "`Mars/Olympus` is not a time zone; use a name like Europe/Berlin or UTC. `caretaker.digests[0].sections` "
                + "names `weather`, which does not exist; use all or some of alerts, backups, cache, chart, checklists, "
                + "commands, disk, maintenance, postgres, probes, quiet-hours, status, tls. An item of "
                + "`caretaker.checklists[0]` has `check: backup-offsite`, which "
                + "does not exist; use one of backup-verified, certificates-over-30-days, no-long-transactions, "
                + "no-unused-indexes, redis-healthy, vacuum-this-week, or leave `check` out for a Done button.", e.getMessage());
    }

    @Test
    void aMisconfiguredDigestStopsTheBootWithItsSentence() {
        Map<String, Object> p = TestContexts.properties();
        p.put("caretaker.digests", List.of(Map.of("channel", "console", "cron", "every morning")));
        Throwable e = assertThrows(RuntimeException.class, () -> ApplicationContext.builder().deduceEnvironment(false)
                .properties(p).start().close());
        while (e.getCause() != null && !(e instanceof ConfigurationException)) {
            e = e.getCause();
        }
        assertEquals("`caretaker.digests[0].cron` `every morning` cannot be read: a cron expression has 5 fields "
                + "(minute hour day month weekday), `every morning` has 2; for every day at 09:00 write \"0 9 * * *\".",
                e.getMessage());
    }

    @Test
    void aDigestWithoutCronOrSectionsIsDailyAtNineWithEverySection() {
        DigestConfig config = new DigestConfig(List.of(new DigestEntrySettings(0, null, "discord:1122334455", null,
                null, null)), List.of(), SECTIONS, CHECKS, PLATFORMS);
        DigestSpec spec = config.digests().get(0);
        assertEquals("0 9 * * *", spec.cron().toString());
        assertEquals("UTC", spec.zone().getId());
        assertEquals(List.of(DigestConfig.ALL_SECTIONS), spec.sections());
        assertEquals("discord:1122334455", spec.name());
    }

    @Test
    void sectionsWrittenAsOneCommaSeparatedValueAndItemsWrittenAsPlainLinesAreRead() {
        Map<String, Object> p = new HashMap<>();
        // as environment variables or flat keys give them
        p.put("caretaker.digests[0].channel", "console");
        p.put("caretaker.digests[0].sections", "status, alerts");
        p.put("caretaker.checklists", List.of(Map.of("name", "daily", "channel", "console", "cron", "0 8 * * *",
                "items", List.of("Read the overnight alerts", Map.of("text", "Redis is fine", "check", "redis-healthy")))));
        try (ApplicationContext c = TestContexts.start(p)) {
            DigestConfig config = c.getBean(DigestConfig.class);
            assertEquals(List.of("status", "alerts"), config.digests().get(0).sections());
            assertEquals(List.of(new ChecklistSpec.Item("Read the overnight alerts", java.util.Optional.empty()),
                    new ChecklistSpec.Item("Redis is fine", java.util.Optional.of("redis-healthy"))),
                    config.checklist("daily").orElseThrow().items());
        }
    }
}
