package dev.caretaker.digest;

import dev.caretaker.store.ChecklistStore;
import dev.caretaker.action.Progress;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A weekly checklist: automatic evidence ticks an item, Done records the person and edits the message. */
class ChecklistTest {

    private static ApplicationContext context;
    private static MutableClock clock;
    private static RecordingChat chat;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> p = DigestContexts.properties("2025-06-02T09:00:20Z"); // a Monday
        p.put("caretaker.digests", List.of(Map.of("name", "morning", "channel", "console", "cron", "0 10 * * *",
                "sections", List.of("checklists"))));
        p.put("caretaker.checklists", List.of(Map.of("name", "weekly", "channel", "console", "cron", "0 9 * * MON",
                "items", List.of(
                        Map.of("text", "Run VACUUM ANALYZE", "check", "vacuum-this-week"),
                        Map.of("text", "Review access logs"),
                        Map.of("text", "No transaction left open", "check", "no-long-transactions")))));
        context = DigestContexts.start(p);
        clock = context.getBean(MutableClock.class);
        chat = context.getBean(RecordingChat.class);
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement st = c.createStatement()) {
            st.execute("create table orders (id int primary key, note text)");
            st.execute("insert into orders select g, 'x' from generate_series(1, 200) g");
            st.execute("delete from orders where id <= 100");
            st.execute("vacuum analyze");
        }
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void automaticEvidenceTicksAnItemAndDoneRecordsThePersonAndEditsTheMessage() {
        ChecklistService checklists = context.getBean(ChecklistService.class);
        List<ChecklistStore.Run> runs = checklists.runDue();
        assertEquals(1, runs.size());
        assertEquals(List.of(), checklists.runDue(), "posted once");

        RecordingChat.Sent posted = chat.awaitPosts(1, java.time.Duration.ofSeconds(10)).get(0);
        Reply reply = posted.reply();
        assertEquals("Checklist weekly, Mon 2 Jun 09:00 UTC", reply.header());
        String text = ((Block.Text) reply.blocks().get(0)).text();
        assertTrue(text.contains("✅ 1. Run VACUUM ANALYZE — every table with dead rows was vacuumed in the last 7 days"),
                text);
        assertTrue(text.contains("⬜ 2. Review access logs"), text);
        assertTrue(text.contains("✅ 3. No transaction left open — no transaction open for 5m or more"), text);
        assertEquals(1, reply.buttons().size(), "only the manual item has a Done button");
        Button done = reply.buttons().get(0);
        assertEquals(ButtonActions.CHECKLIST_DONE, done.actionId());
        assertEquals("Done 2: Review access logs", done.label());

        // the digest lists what is still open
        clock.set(Instant.parse("2025-06-02T10:00:05Z"));
        context.getBean(DigestService.class).runDue();
        String digest = chat.awaitPosts(2, java.time.Duration.ofSeconds(10)).get(1).reply().blocks().stream()
                .filter(b -> b instanceof Block.Text).map(b -> ((Block.Text) b).text()).reduce("", String::concat);
        assertTrue(digest.contains("Checklist weekly: 1 of 3 still open (2. Review access logs)."), digest);

        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        Outcome denied = dispatcher.click(ButtonActions.CHECKLIST_DONE, done.value(), People.VIEWER, Progress.NONE);
        assertInstanceOf(Outcome.Denied.class, denied);
        assertEquals("You need the operator role to tick checklist items. Ask in #ops.",
                ((Block.Text) denied.reply().blocks().get(0)).text());

        clock.set(Instant.parse("2025-06-02T11:15:00Z"));
        Outcome ticked = dispatcher.click(ButtonActions.CHECKLIST_DONE, done.value(), People.OPERATOR, Progress.NONE);
        assertInstanceOf(Outcome.Completed.class, ticked);
        String after = ((Block.Text) ticked.reply().blocks().get(0)).text();
        assertTrue(after.contains("✅ 2. Review access logs — done by otto, Mon 11:15"), after);
        assertEquals(List.of(), ticked.reply().buttons());
        assertEquals("3 of 3 done. Click Done when you have done an item; the digest lists what is open.",
                ticked.reply().footer());

        List<RecordingChat.Sent> sent = chat.awaitAll(3, java.time.Duration.ofSeconds(10));
        RecordingChat.Sent edit = sent.get(sent.size() - 1);
        assertTrue(edit.update(), "the posted checklist is edited in place");
        assertEquals(posted.messageId(), edit.messageId());
        assertEquals(ticked.reply(), edit.reply());

        List<AuditRecord> audit = context.getBean(AuditLog.class).search(
                new AuditQuery(null, "checklist done", Instant.parse("2025-06-01T00:00:00Z"), 10));
        assertEquals(1, audit.size());
        assertEquals("otto", audit.get(0).userName());
        assertEquals("U_OPERATOR", audit.get(0).userId());
        assertEquals("done", audit.get(0).decision());

        Outcome again = dispatcher.click(ButtonActions.CHECKLIST_DONE, done.value(), People.OPERATOR2, Progress.NONE);
        assertTrue(((Block.Text) again.reply().blocks().get(0)).text().contains("done by otto"), "the first click counts");
        assertEquals(1, context.getBean(AuditLog.class).search(
                new AuditQuery(null, "checklist done", Instant.parse("2025-06-01T00:00:00Z"), 10)).size());

        List<Reply> shown = checklists.show(java.util.Optional.of("weekly"));
        assertEquals(ticked.reply(), shown.get(0));
        assertEquals(ChannelAddress.CONSOLE.toString(), runs.get(0).channel());
    }
}
