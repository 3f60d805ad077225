package dev.caretaker.config;

import dev.caretaker.alert.AlertsSettings;
import dev.caretaker.chat.OutboxSettings;
import dev.caretaker.chat.RepliesSettings;
import dev.caretaker.digest.DigestSettings;
import dev.caretaker.pipeline.CommandsSettings;
import dev.caretaker.probe.ProbesSettings;
import dev.caretaker.schedule.RunbookSettings;
import dev.caretaker.schedule.SchedulerSettings;
import dev.caretaker.security.RoleDefaults;
import dev.caretaker.store.LeaderSettings;
import dev.caretaker.store.RedisSettings;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings records: the keys users have read as before, and a bad value stops the boot with one sentence naming it. */
class SettingsCheckTest {

    private static String bootFailure(Map<String, Object> settings) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> TestContexts.start(settings).close());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c.getMessage();
            }
        }
        throw new AssertionError("no configuration sentence in " + e, e);
    }

    @Test
    void theKeysOfTodayAreReadIntoTheRecords() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.leader.lease", "4s",
                "caretaker.probes.interval", "2m", "caretaker.probes.concurrency", "3", "caretaker.probes.keep", "2d",
                "caretaker.alerts.failures", "5", "caretaker.alerts.alertmanager-url", "http://127.0.0.1:9093",
                "caretaker.alerts.token", "s3cret"))) {
            assertEquals(Duration.ofSeconds(4), c.getBean(LeaderSettings.class).lease());
            ProbesSettings probes = c.getBean(ProbesSettings.class);
            assertEquals(Duration.ofMinutes(2), probes.interval());
            assertEquals(Duration.ofSeconds(10), probes.timeout(), "the default");
            assertEquals(3, probes.concurrency());
            assertEquals(Duration.ofDays(2), probes.keep());
            AlertsSettings alerts = c.getBean(AlertsSettings.class);
            assertEquals(5, alerts.failures());
            assertEquals(2, alerts.recoveries(), "the default");
            assertEquals("http://127.0.0.1:9093", alerts.alertmanagerUrl());
            assertEquals("s3cret", alerts.token());
        }
    }

    @Test
    void alertTimingsAreReadIntoTheAlertsRecordAndForKeepsItsKey() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.alerts.for", "2m",
                "caretaker.alerts.escalate-after", "10m"))) {
            AlertsSettings alerts = c.getBean(AlertsSettings.class);
            assertEquals(Duration.ofMinutes(2), alerts.forAtLeast());
            assertEquals(Duration.ofMinutes(10), alerts.escalateAfter());
            assertEquals(Duration.ofHours(1), alerts.renotifyWindow(), "the default");
        }
        assertEquals("The setting `caretaker.alerts.for` is `a while`, which is not a duration such as 30s, 5m or 1h; "
                + "fix it in the configuration file or in CARETAKER_ALERTS_FOR (see config/caretaker.yml for its form).",
                bootFailure(Map.of("caretaker.alerts.for", "a while")));
    }

    @Test
    void outboxAndReplySettingsAreReadAndChecked() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.outbox.poll", "50ms",
                "caretaker.outbox.backoff-cap", "400ms", "caretaker.replies.capacity", "5"))) {
            OutboxSettings outbox = c.getBean(OutboxSettings.class);
            assertEquals(Duration.ofMillis(50), outbox.poll());
            assertEquals(Duration.ofMillis(400), outbox.backoffCap());
            assertEquals(32, outbox.concurrency(), "the default");
            assertEquals(Duration.ofMinutes(1), outbox.claimLease(), "the default");
            assertEquals(5, c.getBean(RepliesSettings.class).capacity());
            assertEquals(Duration.ofHours(24), c.getBean(RepliesSettings.class).giveUpAfter(), "the default");
        }
        assertEquals("The setting `caretaker.outbox.keep-delivered` is `forever`, which is not a duration such as 30s, "
                + "5m or 1h; fix it in the configuration file or in CARETAKER_OUTBOX_KEEP_DELIVERED (see "
                + "config/caretaker.yml for its form).", bootFailure(Map.of("caretaker.outbox.keep-delivered", "forever")));
        assertEquals("The setting `caretaker.replies.capacity` must be at least 1; fix it in the configuration file "
                + "or in CARETAKER_REPLIES_CAPACITY.", bootFailure(Map.of("caretaker.replies.capacity", "0")));
    }

    @Test
    void digestSettingsKeepTheirKeysHistoryHourlyIncluded() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.digest.late-after", "10m",
                "caretaker.digest.history.hourly", "14d"))) {
            DigestSettings digest = c.getBean(DigestSettings.class);
            assertEquals(Duration.ofMinutes(10), digest.lateAfter());
            assertEquals(Duration.ofDays(14), digest.historyHourly());
            assertEquals(32, digest.probeConcurrency(), "the default");
        }
        assertEquals("The setting `caretaker.digest.history.hourly` is `a month`, which is not a duration such as 30s, "
                + "5m or 1h; fix it in the configuration file or in CARETAKER_DIGEST_HISTORY_HOURLY (see "
                + "config/caretaker.yml for its form).", bootFailure(Map.of("caretaker.digest.history.hourly", "a month")));
        assertEquals("The setting `caretaker.digest.probe-concurrency` must be at least 1; fix it in the configuration "
                + "file or in CARETAKER_DIGEST_PROBE_CONCURRENCY.",
                bootFailure(Map.of("caretaker.digest.probe-concurrency", "0")));
    }

    @Test
    void commandScheduleAndRunbookSettingsKeepTheirKeys() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.commands-dir", "target/no-such-commands",
                "caretaker.schedule.late-after", "15m", "caretaker.runbook.poll", "500ms"))) {
            CommandsSettings commands = c.getBean(CommandsSettings.class);
            assertEquals("target/no-such-commands", commands.dir());
            assertEquals(true, commands.reloadOnSighup(), "the default");
            assertEquals(Duration.ofMinutes(15), c.getBean(SchedulerSettings.class).lateAfter());
            assertEquals(Duration.ofMillis(500), c.getBean(RunbookSettings.class).poll());
            assertEquals(Duration.ZERO, c.getBean(AlertsSettings.class).forAtLeast(), "a default under a key of its own");
        }
        assertEquals("The setting `caretaker.commands.reload-on-sighup` is `sometimes`, which is not true or false; fix "
                + "it in the configuration file or in CARETAKER_COMMANDS_RELOAD_ON_SIGHUP (see config/caretaker.yml for "
                + "its form).", bootFailure(Map.of("caretaker.commands.reload-on-sighup", "sometimes")));
        assertEquals("The setting `caretaker.schedule.late-after` is `late`, which is not a duration such as 30s, 5m or "
                + "1h; fix it in the configuration file or in CARETAKER_SCHEDULE_LATE_AFTER (see config/caretaker.yml for "
                + "its form).", bootFailure(Map.of("caretaker.schedule.late-after", "late")));
    }

    @Test
    void roleDefaultsHealthRedisAndTheEmbeddedDatabaseKeepTheirKeys() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.default-roles", List.of("viewer", "operator"),
                "caretaker.health.token", "h3alth", "caretaker.embedded-postgres.data-dir", "target/pg-elsewhere"))) {
            RoleDefaults roles = c.getBean(RoleDefaults.class);
            assertEquals(List.of("viewer", "operator"), roles.defaultRoles());
            assertEquals(List.of("admin"), roles.consoleRoles(), "the default");
            assertEquals("h3alth", c.getBean(dev.caretaker.server.HealthSettings.class).token());
            assertEquals("HealthSettings[token=****]", c.getBean(dev.caretaker.server.HealthSettings.class).toString());
            assertEquals("target/pg-elsewhere", c.getBean(EmbeddedPostgresSettings.class).dataDir());
            assertEquals(null, c.getBean(RedisSettings.class).uri(), "no Redis: the in-memory coordinator");
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKeyInsteadOfFallingBackToTheDefault() {
        assertEquals("The setting `caretaker.leader.lease` is `soon`, which is not a duration such as 30s, 5m or 1h; "
                + "fix it in the configuration file or in CARETAKER_LEADER_LEASE (see config/caretaker.yml for its form).",
                bootFailure(Map.of("caretaker.leader.lease", "soon")));
        assertEquals("The setting `caretaker.probes.concurrency` is `lots`, which is not a whole number; fix it in the "
                + "configuration file or in CARETAKER_PROBES_CONCURRENCY (see config/caretaker.yml for its form).",
                bootFailure(Map.of("caretaker.probes.concurrency", "lots")));
    }

    @Test
    void aValueOutsideWhatWorksNamesItsKeyAndTheLimit() {
        assertEquals("The setting `caretaker.probes.concurrency` must be at least 1; fix it in the configuration file "
                + "or in CARETAKER_PROBES_CONCURRENCY.", bootFailure(Map.of("caretaker.probes.concurrency", "0")));
        assertEquals("The setting `caretaker.alerts.failures` must be at least 1; fix it in the configuration file "
                + "or in CARETAKER_ALERTS_FAILURES.", bootFailure(Map.of("caretaker.alerts.failures", "0")));
    }

    @Test
    void discordSettingsNameTheirKeyToo() {
        // loopback addresses only: nothing may try to reach Discord itself
        Map<String, Object> discord = Map.of("caretaker.discord.bot-token", "fake",
                "caretaker.discord.api-url", "http://127.0.0.1:9/api/v10/", "caretaker.discord.gateway-url", "ws://127.0.0.1:9");
        Map<String, Object> tooShort = new java.util.HashMap<>(discord);
        tooShort.put("caretaker.discord.lease", "1s");
        assertEquals("The setting `caretaker.discord.lease` must be at least 3s; fix it in the configuration file or in "
                + "CARETAKER_DISCORD_LEASE.", bootFailure(tooShort));
        Map<String, Object> notADuration = new java.util.HashMap<>(discord);
        notADuration.put("caretaker.discord.send-timeout", "forever");
        assertEquals("The setting `caretaker.discord.send-timeout` is `forever`, which is not a duration such as 30s, 5m "
                + "or 1h; fix it in the configuration file or in CARETAKER_DISCORD_SEND_TIMEOUT (see config/caretaker.yml "
                + "for its form).", bootFailure(notADuration));
        Map<String, Object> notAGuild = new java.util.HashMap<>(discord);
        notAGuild.put("caretaker.discord.guilds", "1000000000000000002,ops");
        assertEquals("The setting `caretaker.discord.guilds` must list server (guild) ids, which are numbers; fix it in "
                + "the configuration file or in CARETAKER_DISCORD_GUILDS.", bootFailure(notAGuild));
    }

    @Test
    void slackSettingsNameTheirKeyAndNeverTheToken() {
        // loopback addresses only: nothing may try to reach Slack itself
        Map<String, Object> slack = new java.util.HashMap<>(Map.of("slack.bot-token", "xoxb-never-shown",
                "caretaker.slack.signing-secret", "never-shown-either", "caretaker.slack.api-url", "http://127.0.0.1:9/api/"));
        slack.put("caretaker.slack.ack-wait", "soon");
        String sentence = bootFailure(slack);
        assertEquals("The setting `caretaker.slack.ack-wait` is `soon`, which is not a duration such as 30s, 5m or 1h; fix "
                + "it in the configuration file or in CARETAKER_SLACK_ACK_WAIT (see config/caretaker.yml for its form).",
                sentence);
    }
}
