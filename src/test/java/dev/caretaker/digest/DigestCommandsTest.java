package dev.caretaker.digest;

import dev.caretaker.store.DigestRuns;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Visibility;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code digest now}, {@code digest preview} and {@code checklist show} through the dispatcher. */
class DigestCommandsTest {

    private static ApplicationContext context;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void start() {
        Map<String, Object> p = DigestContexts.berlinDigest("2025-06-02T12:00:00Z", List.of("status", "commands"));
        p.put("caretaker.checklists", List.of(Map.of("name", "weekly", "channel", "console", "cron", "0 9 * * 1",
                "items", List.of("Review access logs"))));
        context = DigestContexts.start(p);
        dispatcher = context.getBean(Dispatcher.class);
    }

    @BeforeEach
    void monday() {
        context.getBean(MutableClock.class).set(java.time.Instant.parse("2025-06-02T12:00:00Z"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome run(dev.caretaker.security.Caller who, String line) {
        return dispatcher.dispatch(new CommandRequest(who, ChannelAddress.CONSOLE, line, null));
    }

    @Test
    void previewIsForTheRequesterOnlyAndPostsNothing() {
        RecordingChat chat = context.getBean(RecordingChat.class);
        int before = chat.posts().size();
        Outcome o = run(People.VIEWER, "digest preview");
        assertInstanceOf(Outcome.Completed.class, o);
        assertEquals(Visibility.REQUESTER, o.reply().visibility());
        assertEquals("Daily digest, Mon 2 Jun 2025", o.reply().header());
        assertEquals(before, chat.awaitPosts(before + 1, java.time.Duration.ofMillis(500)).size());
    }

    @Test
    void nowPostsToTheChannelAndSaysSo() {
        RecordingChat chat = context.getBean(RecordingChat.class);
        int before = chat.posts().size();
        Outcome o = run(People.OPERATOR, "digest now console");
        assertInstanceOf(Outcome.Completed.class, o);
        assertTrue(PlainText.render(o.reply()).startsWith("Posted the digest to console (0 probes, composed in"),
                PlainText.render(o.reply()));
        assertEquals(before + 1, chat.awaitPosts(before + 1, java.time.Duration.ofSeconds(10)).size());
        assertEquals(0, context.getBean(DigestRuns.class).count("morning"), "not counted as the scheduled run");
    }

    @Test
    void aBadChannelIsOneSentence() {
        Outcome o = run(People.ADMIN, "digest now ops-room");
        assertInstanceOf(Outcome.Failed.class, o);
        assertEquals("`ops-room` is not a channel address; use slack:C0123ABCD, discord:112233445566778899 or console.",
                ((Block.Text) o.reply().blocks().get(0)).text());
    }

    @Test
    void aViewerMayNotPostTheDigest() {
        assertInstanceOf(Outcome.Denied.class, run(People.VIEWER, "digest now"));
    }

    @Test
    void checklistShowSaysWhatExistsAndWhatWasPosted() {
        assertEquals("Checklist weekly has not been posted yet; it appears here after its first scheduled time.",
                ((Block.Text) run(People.VIEWER, "checklist show weekly").reply().blocks().get(0)).text());
        assertEquals("Checklist weekly has not been posted yet; it appears here after its first scheduled time.",
                ((Block.Text) run(People.VIEWER, "checklist show").reply().blocks().get(0)).text());
        context.getBean(MutableClock.class).set(java.time.Instant.parse("2025-06-09T09:00:10Z"));
        RecordingChat chat = context.getBean(RecordingChat.class);
        int before = chat.posts().size();
        context.getBean(ChecklistService.class).runDue();
        // delivered before the next test counts posts
        assertEquals(before + 1, chat.awaitPosts(before + 1, java.time.Duration.ofSeconds(10)).size());
        assertEquals("weekly: 1 of 1 items still open (`checklist show weekly`).",
                ((Block.Text) run(People.VIEWER, "checklist show").reply().blocks().get(0)).text());
        Outcome unknown = run(People.VIEWER, "checklist show monthly");
        assertInstanceOf(Outcome.Failed.class, unknown);
        assertEquals("There is no checklist `monthly`; try `weekly`.",
                ((Block.Text) unknown.reply().blocks().get(0)).text());
    }
}
