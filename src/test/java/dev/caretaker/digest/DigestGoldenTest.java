package dev.caretaker.digest;

import dev.caretaker.alert.ProbeRows;
import dev.caretaker.store.ProbeRollups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.chat.discord.EmbedRenderer;
import dev.caretaker.chat.discord.RenderedMessage;
import dev.caretaker.chat.slack.BlockKitRenderer;
import dev.caretaker.chat.slack.SlackMessage;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.discord.PayloadLimits;
import dev.caretaker.fake.slack.SlackLimits;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.AuditEntry;
import dev.caretaker.store.AuditLog;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What people read in the digest, pinned under {@code src/test/resources/golden/digest/}: the Discord embed and the
 * plain text (console, and the file attached when a reply does not fit) and the Slack Block Kit blocks. Run with {@code -Dgolden.update=true} to
 * rewrite the files after an intended change, and review the diff.
 */
class DigestGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Path GOLDEN = Path.of("src/test/resources/golden/digest");
    private static final Instant NOW = Instant.parse("2025-06-02T07:00:30Z");

    @Test
    void theDigestWithEverySectionButTheLiveDatabaseAndTheChart() throws IOException {
        Map<String, Object> p = DigestContexts.properties(NOW.toString());
        p.put("caretaker.test.fixed-alerts", "true");
        try (ApplicationContext ctx = DigestContexts.start(p)) {
            seed(ctx);
            DigestSpec spec = new DigestSpec("ops", ChannelAddress.CONSOLE, Cron.parse("0 9 * * *"),
                    ZoneId.of("Europe/Berlin"), List.of("status", "probes", "alerts", "tls", "disk", "commands",
                    "checklists"));
            Reply reply = ctx.getBean(DigestService.class).compose(spec, NOW,
                    new Due(Instant.parse("2025-06-02T07:00:00Z"), false)).reply();
            assertEquals(Severity.CRITICAL, reply.severity());

            RenderedMessage discord = new EmbedRenderer().render(reply);
            JsonNode payload = JSON.readTree(discord.toCreateData().toData().toJson());
            assertEquals(List.of(), PayloadLimits.check(payload), "within Discord's limits");
            ObjectNode doc = JSON.createObjectNode();
            doc.set("payload", payload);
            doc.putArray("files");
            discord.files().forEach(f -> doc.withArray("files").add(f.fileName()));
            golden("discord-digest.json", JSON.writeValueAsString(JSON.treeToValue(doc, Map.class)) + "\n");
            golden("digest.txt", PlainText.render(reply));

            SlackMessage slack = new BlockKitRenderer().render(reply);
            ObjectNode view = JSON.createObjectNode();
            view.put("text", slack.text());
            view.set("blocks", JSON.readTree(GsonFactory.createSnakeCase().toJson(slack.blocks())));
            slack.files().forEach(f -> view.withArray("files").add(f.fileName()));
            assertEquals(List.of(), SlackLimits.check(view), "within Slack's limits");
            golden("slack-digest.json", JSON.writeValueAsString(JSON.treeToValue(view, Map.class)) + "\n");
        }
    }

    @Test
    void thePostgresSectionShowsSizeGrowthConnectionsAndDeadTuplesOfTheBotsOwnDatabase() throws Exception {
        try (ApplicationContext ctx = DigestContexts.start(DigestContexts.properties(NOW.toString()))) {
            try (var c = dev.caretaker.support.TestDatabase.connect(ctx); var st = c.createStatement()) {
                // no autovacuum: it would clean the dead rows this test wants the digest to show
                st.execute("create table orders (id int primary key) with (autovacuum_enabled = false)");
                st.execute("insert into orders select generate_series(1, 1000)");
                st.execute("delete from orders where id <= 400");
                // statistics reach pg_stat_user_tables a moment after the session reports them
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) {
                    try (var rs = st.executeQuery("select n_dead_tup from pg_stat_user_tables where relname = 'orders'")) {
                        if (rs.next() && rs.getLong(1) > 0) {
                            break;
                        }
                    }
                    Thread.sleep(200);
                }
            }
            ctx.getBean(ProbeRollups.class).add(ProbeRows.rows(List.of(new ProbeResult("caretaker", "db-size",
                    ProbeStatus.OK, 1_000_000.0, "B", "", Duration.ZERO, Instant.parse("2025-06-01T07:05:00Z")))));
            DigestSpec spec = new DigestSpec("db", ChannelAddress.CONSOLE, Cron.parse("0 9 * * *"), ZoneId.of("UTC"),
                    List.of("postgres"));
            String text = PlainText.render(ctx.getBean(DigestService.class).compose(spec, NOW, null).reply());
            assertTrue(text.contains("PostgreSQL: 1 database."), text);
            assertTrue(text.matches("(?s).*caretaker\\s+[0-9.]+ MB\\s+\\+[0-9.]+ MB\\s+\\d+ of \\d+, peak \\d+\\s+orders \\d+.*"),
                    text);
            assertTrue(text.contains("pg_stat_statements is not set up"), text);
        }
    }

    private static void seed(ApplicationContext ctx) {
        ctx.getBean(FixedProbes.class).set(List.of(
                http("api", ProbeStatus.OK, 182.0, "HTTP 200"),
                http("checkout", ProbeStatus.WARN, 742.0, "HTTP 200"),
                http("search", ProbeStatus.CRITICAL, null, "could not connect"),
                new ProbeResult("shop-cert", "tls-expiry", ProbeStatus.WARN, 21.0, "days", "expires 2025-06-23",
                        Duration.ofMillis(40), NOW),
                new ProbeResult("api-cert", "tls-expiry", ProbeStatus.OK, 80.0, "days", "expires 2025-08-21",
                        Duration.ofMillis(35), NOW),
                new ProbeResult("data", "disk", ProbeStatus.WARN, 83.5, "%", "12.0 GB free", Duration.ZERO, NOW),
                new ProbeResult("logs", "disk", ProbeStatus.OK, 41.0, "%", "58.2 GB free", Duration.ZERO, NOW)));
        ProbeRollups rollups = ctx.getBean(ProbeRollups.class);
        Instant yesterday = Instant.parse("2025-06-01T07:10:00Z");
        for (int day = 1; day <= 7; day++) {
            Instant at = yesterday.minus(Duration.ofDays(day - 1));
            rollups.add(ProbeRows.rows(List.of(
                    http("api", ProbeStatus.OK, day == 1 ? 150.0 : 200.0, "HTTP 200", at),
                    http("checkout", ProbeStatus.OK, day == 1 ? 700.0 : 350.0, "HTTP 200", at),
                    new ProbeResult("data", "disk", ProbeStatus.OK, 80.0, "%", "", Duration.ZERO, at))));
        }
        ctx.getBean(FixedAlerts.class).set(List.of(
                new AlertSource.AlertSummary("HighErrorRate", "critical", "resolved", Instant.parse("2025-06-02T04:00:00Z"),
                        Optional.of(Instant.parse("2025-06-02T04:10:00Z")), Optional.of(Instant.parse("2025-06-02T04:40:00Z"))),
                new AlertSource.AlertSummary("DiskFilling", "warning", "firing", Instant.parse("2025-06-02T05:00:00Z"),
                        Optional.of(Instant.parse("2025-06-02T05:30:00Z")), Optional.empty()),
                new AlertSource.AlertSummary("SlowResponses", "warning", "resolved", Instant.parse("2025-06-01T20:00:00Z"),
                        Optional.empty(), Optional.of(Instant.parse("2025-06-01T21:00:00Z")))));
        AuditLog audit = ctx.getBean(AuditLog.class);
        Instant t = Instant.parse("2025-06-01T15:00:00Z");
        long ok = audit.start(entry("r-1", "db vacuum", "db vacuum orders", t));
        audit.finish(ok, "ok", null, t.plusSeconds(3), Duration.ofSeconds(3), 120);
        long failed = audit.start(entry("r-2", "db vacuum", "db vacuum sessions", t.plusSeconds(60)));
        audit.finish(failed, "failed", "lock timeout", t.plusSeconds(70), Duration.ofSeconds(10), 80);
        audit.record(entry("r-3", "db terminate", "db terminate 4242", t.plusSeconds(120)), "denied", "missing admin");
        long help = audit.start(entry("r-4", "help", "help", t.plusSeconds(180)));
        audit.finish(help, "ok", null, t.plusSeconds(180), Duration.ZERO, 900);
        audit.record(entry("r-5", "db vacuum", "db vacuum orders", Instant.parse("2025-05-30T10:00:00Z")), "denied", "old");
    }

    private static ProbeResult http(String target, ProbeStatus status, Double ms, String detail) {
        return http(target, status, ms, detail, NOW);
    }

    private static ProbeResult http(String target, ProbeStatus status, Double ms, String detail, Instant at) {
        return new ProbeResult(target, "http", status, ms, "ms", detail,
                Duration.ofMillis(ms == null ? 5000 : ms.longValue()), at);
    }

    private static AuditEntry entry(String requestId, String command, String line, Instant at) {
        return new AuditEntry(requestId, "slack", "U_OPERATOR", "otto", "slack:C0123", command, line, Map.of(), at);
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no golden file " + file + "; run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "rendering of " + name + " changed");
    }
}
