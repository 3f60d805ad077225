package dev.caretaker.backup;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.support.People;
import dev.caretaker.support.Postgres15;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.target.postgres.PostgresTargets;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A planted secret: the target's password has spaces and both kinds of quotes. Backup, verify, restore and a failure
 * all work with it (it reaches the client programs through PGPASSWORD only), and it appears in no log line, reply,
 * audit row, catalogue row or argument of a client program.
 */
class BackupPlantedSecretTest {

    static final String PLANTED = "s3cr3t with spaces \"double\" 'single' \\ and; $(no shell)";

    @TempDir
    Path dir;

    @Test
    void aPasswordWithSpacesAndQuotesWorksAndAppearsNowhere() throws Exception {
        Shop shop = Shop.create();
        String role = "bk_planted_" + ProcessHandle.current().pid();
        Postgres15 pg = Postgres15.get();
        pg.execute("postgres",
                "create role " + role + " login createdb password '" + PLANTED.replace("'", "''") + "'",
                "grant pg_read_all_data to " + role);
        Map<String, Object> p = new HashMap<>(shop.properties(dir));
        p.put("caretaker.targets.shop.username", role);
        p.put("caretaker.targets.shop.password", PLANTED);
        List<String> logs;
        List<String> replies = new ArrayList<>();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.start();
        root.addAppender(appender);
        try (ApplicationContext c = TestContexts.start(p)) {
            Dispatcher d = c.getBean(Dispatcher.class);
            Outcome now = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                    "backup now shop", null));
            replies.add(PlainText.render(now.reply()));
            assertInstanceOf(Outcome.Completed.class, now, PlainText.render(now.reply()));
            BackupRecord b = c.getBean(BackupCatalog.class).list("shop", 1).get(0);
            assertEquals(Shop.ROWS, b.tableCounts());

            Outcome verify = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                    "backup verify " + b.id(), null));
            replies.add(PlainText.render(verify.reply()));
            assertInstanceOf(Outcome.Completed.class, verify, PlainText.render(verify.reply()));

            String into = "planted_copy_" + ProcessHandle.current().pid();
            Outcome pending = d.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                    "backup restore " + b.id() + " into=" + into, null));
            replies.add(PlainText.render(pending.reply()));
            assertTrue(PlainText.render(pending.reply()).contains(BackupMessages.restorePreviewOwner(role)),
                    PlainText.render(pending.reply()));
            Outcome restored = d.decide(((Outcome.Pending) pending).token(), Decision.APPROVE,
                    new Caller(SlackPlatform.SLACK, "U_ADMIN2", "abe", Set.of()), t -> { });
            replies.add(PlainText.render(restored.reply()));
            assertInstanceOf(Outcome.Completed.class, restored, PlainText.render(restored.reply()));

            // a failure quotes what the server said; the password is not part of it
            pg.execute("postgres", "alter role " + role + " nologin");
            Outcome refused = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                    "backup now shop", null));
            replies.add(PlainText.render(refused.reply()));
            assertInstanceOf(Outcome.Failed.class, refused);
            pg.execute("postgres", "alter role " + role + " login");

            List<String> argv = c.getBean(PostgresTargets.class).client("shop").orElseThrow().backups().libpq().arguments();
            assertTrue(argv.stream().noneMatch(a -> a.contains("s3cr3t")), argv.toString());
            assertTrue(c.getBean(PostgresTargets.class).client("shop").orElseThrow().backups().libpq().toString()
                    .contains("password=****"));

            try (Connection conn = TestDatabase.connect(c); Statement s = conn.createStatement()) {
                for (String table : List.of("audit_log", "backups", "backup_verifications", "outbox")) {
                    try (ResultSet rs = s.executeQuery("select t::text from " + table + " t")) {
                        while (rs.next()) {
                            assertFalse(rs.getString(1).contains("s3cr3t"), table + " holds the secret: " + rs.getString(1));
                        }
                    }
                }
            }
        } finally {
            root.detachAppender(appender);
            logs = appender.list.stream().map(e -> e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        }
        assertTrue(logs.stream().anyMatch(l -> l.contains("backup #")), "the log was captured");
        for (String line : logs) {
            assertFalse(line.contains("s3cr3t"), "a log line holds the secret: " + line);
        }
        for (String reply : replies) {
            assertFalse(reply.contains("s3cr3t"), "a reply holds the secret: " + reply);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("s3cr3t"),
                        "the dump does not carry the role's password: " + f);
            }
        }
    }
}
