package dev.caretaker.reliability;

import dev.caretaker.command.CommandInput;
import dev.caretaker.command.Tokenizer;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.FakePrograms;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Shell and SQL injection through every argument type the parser knows: hostile values (shell metacharacters, SQL
 * quotes and statements, NUL, newlines, leading dashes, Unicode look-alikes) go through the real pipeline as typed
 * lines and as platform-parsed options, into an {@code exec} command (fake program recording its argv) and a
 * {@code sql} command (a real PostgreSQL target holding an {@code audit_log} and a canary table). Each is either refused
 * with one plain sentence, or reaches the action as exactly one literal argv element / one bound parameter; the
 * target's tables and rows are the same afterwards.
 */
class InjectionPropertyTest {

    /** What a shell, a SQL parser, an option parser or a careless template would read as code. */
    static final List<String> HOSTILE = List.of(
            "; rm -rf /", "$(id)", "`id`", "| cat /etc/passwd", "&& shutdown -h now", "' OR 1=1 --",
            "'; DROP TABLE audit_log; --", "\"; DROP TABLE canary; --", "1; SELECT pg_sleep(30)", "1 OR 1=1",
            "$$; DROP TABLE audit_log; $$", "\\x00", "a\u0000b", "orders\nDROP TABLE audit_log",
            "ok\r\nX-Injected: yes", "--help", "-rf", "--output=/etc/passwd", "\uff0d\uff0dhelp", "\u2010rf",
            "\uff1bid", "\uff04(id)", "\u202eevil", "${IFS}cat${IFS}/etc/passwd", "*", "../../etc/passwd",
            "{v}", "%s%n%x", "orders;shutdown", "x' UNION SELECT usename FROM pg_user --");

    /** An argument kind of the commands below: its type, declaration, and the valid values with their literal form. */
    private record Kind(String id, String declaration, String sqlValue, Map<String, String> valid) {
    }

    /** Every type the parser knows (command.ArgType), the pattern type both strict and permissive. */
    private static final List<Kind> KINDS = List.of(
            new Kind("string", "{name: v, type: string, required: true}", "{v}::text",
                    Map.of("orders", "orders", "web-1", "web-1")),
            new Kind("text", "{name: v, type: text, required: true}", "{v}::text",
                    Map.of("disk almost full on db-1", "disk almost full on db-1")),
            new Kind("int", "{name: v, type: int, required: true}", "{v}::text", Map.of("42", "42", "+7", "7")),
            new Kind("duration", "{name: v, type: duration, required: true}", "extract(epoch from {v})::bigint::text",
                    Map.of("15m", "15m|900", "2h", "2h|7200")),
            new Kind("enum", "{name: v, type: enum, choices: [fast, full], required: true}", "{v}::text",
                    Map.of("fast", "fast", "FULL", "full")),
            new Kind("pattern", "{name: v, type: pattern, pattern: \"[a-z0-9][a-z0-9_.-]{0,62}\", required: true}",
                    "{v}::text", Map.of("orders_2024", "orders_2024")),
            // a pattern that lets almost anything through, as a careless declaration would: what passes stays data
            new Kind("loose", "{name: v, type: pattern, pattern: \".{1,120}\", required: true}", "{v}::text",
                    Map.of("anything at all", "anything at all")),
            new Kind("target", "{name: v, type: target, target: postgres, required: true}", "{v}::text",
                    Map.of("shop", "shop")),
            new Kind("bool", "{name: v, type: bool, required: true}", "{v}::text",
                    Map.of("yes", "true", "off", "false")));

    private static final String PROGRAM = "argv-probe";

    @TempDir
    static Path tmp;

    private static FakePrograms programs;
    private static ApplicationContext ctx;
    private static String targetUrl;
    private static int dispatched;

    @BeforeAll
    static void start() throws SQLException {
        targetUrl = TestDatabase.freshDatabaseUrl();
        try (Connection c = DriverManager.getConnection(targetUrl, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("create table audit_log (id int primary key, what text)");
            st.execute("insert into audit_log values (1, 'kept')");
            st.execute("create table canary (id int)");
            st.execute("insert into canary values (1), (2)");
        }
        programs = new FakePrograms(tmp.resolve("bin")).add(PROGRAM, "ok\n", 0);
        StringBuilder commands = new StringBuilder("commands:\n");
        for (Kind k : KINDS) {
            commands.append("""
                      - name: inj exec-%1$s
                        role: viewer
                        kind: exec
                        argv: [%2$s, fixed, "{v}", "--value={v}"]
                        args: [%3$s]
                      - name: inj sql-%1$s
                        role: viewer
                        kind: sql
                        target: shop
                        statement: "SELECT %4$s AS v"
                        args: [%3$s]
                    """.formatted(k.id(), PROGRAM, k.declaration(), k.sqlValue()));
        }
        ctx = TestContexts.start(Map.of(
                "caretaker.commands-dir", CommandFiles.dir(tmp, "inj.yml", commands.toString()).toString(),
                "caretaker.exec.path", programs.path(),
                "caretaker.probes.enabled", false,
                "caretaker.targets.shop.type", "postgres",
                "caretaker.targets.shop.url", targetUrl,
                "caretaker.targets.shop.username", "postgres"));
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void hostileValuesInEveryArgumentTypeAreRefusedOrStayOneLiteralValue() throws SQLException {
        Snapshot before = snapshot();
        List<String> failures = new ArrayList<>();
        long inputs = 0;
        for (Kind k : KINDS) {
            Map<String, String> values = new LinkedHashMap<>();
            HOSTILE.forEach(h -> values.put(h, null));
            values.putAll(k.valid());
            for (Map.Entry<String, String> v : values.entrySet()) {
                for (boolean typed : new boolean[] {true, false}) {
                    inputs++;
                    check(k, v.getKey(), v.getValue(), typed, failures);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(before, snapshot(), "the target's tables and rows are unchanged");
        assertCaretakersAuditIsThere();
        Ledger.record(Ledger.Promise.INPUT, "Shell and SQL injection in every argument type", InjectionPropertyTest.class,
                inputs, 0, inputs, failures.size());
    }

    @Test
    void generatedMixturesOfHostileAndPlainTextStayLiteral() throws SQLException {
        Snapshot before = snapshot();
        List<String> failures = new ArrayList<>();
        int examples = 120;
        List<Kind> free = KINDS.stream().filter(k -> Set.of("string", "text", "loose").contains(k.id())).toList();
        qt().withFixedSeed(18_1800L).withExamples(examples).forAll(integers().between(0, HOSTILE.size() - 1),
                        strings().basicLatinAlphabet().ofLengthBetween(0, 8), strings().allPossible().ofLengthBetween(0, 3),
                        integers().between(0, free.size() * 2 - 1))
                .checkAssert((h, prefix, suffix, pick) -> {
                    String value = prefix + HOSTILE.get(h) + suffix;
                    check(free.get(pick / 2), value, null, pick % 2 == 0, failures);
                });
        assertEquals(List.of(), failures);
        assertEquals(before, snapshot(), "the target's tables and rows are unchanged");
        assertCaretakersAuditIsThere();
        Ledger.record(Ledger.Promise.INPUT, "Generated mixtures of hostile and plain text in string, text and pattern "
                + "arguments", InjectionPropertyTest.class, examples, 0, examples, failures.size());
    }

    /**
     * Runs the value through the exec and the sql command of its kind, typed ({@code v=...} on a line) or as a platform
     * option; {@code literal} is what the action must receive when it is not the value itself ({@code exec|sql} when
     * they differ).
     */
    private static void check(Kind k, String value, String literal, boolean typed, List<String> failures) {
        String shown = k.id() + " " + (typed ? "line" : "option") + " " + printable(value);
        String execLiteral = literal == null ? value : literal.split("\\|", -1)[0];
        String sqlLiteral = literal == null ? value : literal.contains("|") ? literal.split("\\|", -1)[1] : literal;

        boolean unpassable = value.indexOf('\0') >= 0 || !value.equals(new String(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8));
        programs.clear();
        Outcome exec = run("inj exec-" + k.id(), value, typed);
        List<List<String>> calls = programs.calls(PROGRAM);
        if (exec instanceof Outcome.Completed) {
            List<String> expected = List.of("fixed", execLiteral, "--value=" + execLiteral);
            if (!calls.equals(List.of(expected))) {
                failures.add(shown + ": exec ran with " + calls + ", expected " + expected);
            }
        } else {
            refusal(shown + " (exec)", exec, failures);
            if (!calls.isEmpty()) {
                failures.add(shown + ": refused, yet the program ran with " + calls);
            }
            if (literal != null && !execLiteral.startsWith("-")) {
                failures.add(shown + ": a valid value was refused: " + PlainText.render(exec.reply()));
            }
        }

        Outcome sql = run("inj sql-" + k.id(), value, typed);
        // a NUL or a lone surrogate cannot reach an argv or PostgreSQL unchanged: the parser says so, not the action
        for (Outcome o : List.of(exec, sql)) {
            if (unpassable && !(o instanceof Outcome.Rejected && PlainText.render(o.reply()).contains("holds a character"))) {
                failures.add(shown + ": a NUL or half a Unicode pair was not refused by name: "
                        + PlainText.render(o.reply()));
            }
        }
        if (sql instanceof Outcome.Completed) {
            List<List<String>> rows = sql.reply().blocks().stream().filter(Block.Table.class::isInstance)
                    .map(b -> ((Block.Table) b).rows()).findFirst().orElse(List.of());
            if (!rows.equals(List.of(List.of(sqlLiteral)))) {
                failures.add(shown + ": sql answered " + rows + ", expected the one bound value " + printable(sqlLiteral));
            }
        } else {
            refusal(shown + " (sql)", sql, failures);
            if (literal != null) {
                failures.add(shown + ": a valid value was refused: " + PlainText.render(sql.reply()));
            }
        }
    }

    /** A refusal is one plain sentence: something said, on one line, and no exception, class or SQL error text. */
    private static void refusal(String shown, Outcome o, List<String> failures) {
        if (!(o instanceof Outcome.Rejected || o instanceof Outcome.Failed)) {
            failures.add(shown + ": neither ran nor was refused: " + o);
            return;
        }
        String text = PlainText.render(o.reply()).strip();
        for (String marker : List.of("Exception", "exception", "java.", "org.postgresql", "\tat ", "ERROR:", "SQLState",
                "Caused by", "NullPointer")) {
            if (text.contains(marker)) {
                failures.add(shown + ": the refusal shows " + marker + ": " + text);
            }
        }
        if (text.isEmpty()) {
            failures.add(shown + ": refused in silence");
        }
    }

    private static Outcome run(String command, String value, boolean typed) {
        dispatched++;
        CommandInput input = typed ? new CommandInput.Text(command + " v=" + Tokenizer.quote(value))
                : new CommandInput.Parsed(command, Map.of("v", value));
        return ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(People.VIEWER, ChannelAddress.CONSOLE, input,
                null, null, false));
    }

    /** The target's tables and the rows of the two that an injection would go for. */
    private record Snapshot(Set<String> tables, List<String> audit, long canary) {
    }

    private static Snapshot snapshot() throws SQLException {
        try (Connection c = DriverManager.getConnection(targetUrl, "postgres", ""); Statement st = c.createStatement()) {
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = st.executeQuery("select schemaname || '.' || tablename from pg_tables "
                    + "where schemaname not in ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            List<String> audit = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id || ':' || what from audit_log order by id")) {
                while (rs.next()) {
                    audit.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("select count(*) from canary")) {
                rs.next();
                return new Snapshot(tables, audit, rs.getLong(1));
            }
        }
    }

    /** Caretaker's own audit table is still there, and holds no more rows than commands were sent. */
    private static void assertCaretakersAuditIsThere() throws SQLException {
        try (Connection c = TestDatabase.connect(ctx); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from audit_log")) {
            rs.next();
            long rows = rs.getLong(1);
            assertTrue(rows > 0 && rows <= dispatched, rows + " audit rows for " + dispatched + " commands");
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || cp == 0x7f || cp > 0x7e
                ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.append('"').toString();
    }
}
