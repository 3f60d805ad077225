package dev.caretaker.target;

import dev.caretaker.action.builtin.db.DbMessages;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.target.postgres.PostgresSettings;
import dev.caretaker.target.postgres.PostgresTargetType;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.RetentionRule;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets from configuration: names by type, postgres settings and retention rules, and boot errors. */
class TargetsTest {

    @Test
    void configuredTargetsReplaceTheBotsOwnDatabaseAndCarryTheirRetentionRules() {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.targets.orders-db.type", "postgres");
        p.put("caretaker.targets.orders-db.url", TestDatabase.freshDatabaseUrl());
        p.put("caretaker.targets.orders-db.username", "postgres");
        p.put("caretaker.targets.orders-db.statement-timeout", "10s");
        p.put("caretaker.targets.orders-db.retention-batch-size", "500");
        p.put("caretaker.targets.orders-db.retention", List.of(
                Map.of("table", "sessions", "column", "last_seen", "keep", "30d"),
                Map.of("table", "events", "column", "created_at", "keep", "90d", "where", "kind <> 'audit'")));
        p.put("caretaker.targets.cache.type", "redis");
        p.put("caretaker.targets.cache.uri", "redis://127.0.0.1:6379");
        try (ApplicationContext context = TestContexts.start(p)) {
            Targets targets = context.getBean(Targets.class);
            assertEquals(Set.of("orders-db"), targets.names("postgres"));
            assertEquals(Set.of("cache", "orders-db"), targets.names(null));
            PostgresTargets postgres = context.getBean(PostgresTargets.class);
            PostgresSettings s = postgres.client("orders-db").orElseThrow().settings();
            assertEquals(Duration.ofSeconds(10), s.statementTimeout());
            assertEquals(500, s.retentionBatchSize());
            assertEquals(List.of(new RetentionRule("sessions", "last_seen", Duration.ofDays(30), Optional.empty()),
                    new RetentionRule("events", "created_at", Duration.ofDays(90), Optional.of("kind <> 'audit'"))), s.retention());
            assertTrue(postgres.client("cache").isEmpty());

            Outcome o = context.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR,
                    SlackPlatform.channel("COPS"), "db retention", null));
            // the tables do not exist in that fresh database: one sentence naming the first
            assertInstanceOf(Outcome.Failed.class, o);
            assertEquals(DbMessages.dbNotFound("orders-db", "sessions"), PlainText.render(o.reply()).strip());
        }
    }

    @Test
    void retentionCountsThroughThePipelineOnAConfiguredTarget() throws Exception {
        String url = TestDatabase.freshDatabaseUrl();
        try (var c = java.sql.DriverManager.getConnection(url, "postgres", ""); var s = c.createStatement()) {
            s.execute("CREATE TABLE sessions (id int, last_seen timestamp)");
            s.execute("INSERT INTO sessions SELECT g, now() - interval '40 days' FROM generate_series(1, 7) g");
            s.execute("INSERT INTO sessions SELECT g, now() FROM generate_series(1, 3) g");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.targets.app.type", "postgres");
        p.put("caretaker.targets.app.url", url);
        p.put("caretaker.targets.app.username", "postgres");
        p.put("caretaker.targets.app.retention", List.of(Map.of("table", "sessions", "column", "last_seen", "keep", "30d")));
        try (ApplicationContext context = TestContexts.start(p)) {
            Outcome o = context.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR,
                    SlackPlatform.channel("COPS"), "db retention", null));
            assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
            Block.Table t = (Block.Table) o.reply().blocks().get(0);
            assertEquals("7", t.rows().get(0).get(5));
        }
    }

    @Test
    void badTargetsFailTheBootWithOneSentenceEach() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Targets(List.of(
                new TargetSpec("x", "mysql", Map.of()),
                new TargetSpec("y", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1/y", "lock-timeout", "soon")),
                new TargetSpec("z", "postgres", Map.of())), List.of(new PostgresTargetType(false))));
        assertEquals(TargetMessages.targetTypeUnknown("x", "mysql", Targets.TYPES) + " "
                + TargetMessages.targetMisconfigured("y", TargetMessages.settingNotDuration("lock-timeout")) + " "
                + TargetMessages.targetMisconfigured("z", TargetMessages.postgresNeedsUrl()), e.getMessage());
    }
}
