package dev.caretaker.chat;

import dev.caretaker.chat.Inbound.Answer;
import dev.caretaker.chat.Inbound.Answer.Status;
import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.People;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one inbound port, on the real pipeline: what adapters get to show, and that checks happen once, before work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");

    @TempDir
    static Path tmp;

    private ApplicationContext context;
    private Inbound inbound;
    private RecordingAction action;

    @BeforeAll
    void start() {
        context = TestContexts.start(Map.of("caretaker.commands-dir",
                CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE).toString()));
        inbound = context.getBean(Inbound.class);
        action = context.getBean(RecordingAction.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void reset() {
        action.clear();
    }

    private static Inbound.Request line(Caller who, ChannelAddress where, String text, String deliveryId) {
        return new Inbound.Request(who, where, new CommandInput.Text(text), deliveryId, null);
    }

    private List<AuditRecord> auditOf(String commandLine) {
        return context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500)).stream()
                .filter(r -> r.commandLine().equals(commandLine)).toList();
    }

    /** Options in the order given, as Discord sends them. */
    private static CommandInput.Parsed parsed(String command, Object... namesAndValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new CommandInput.Parsed(command, args);
    }

    @Test
    void aCommandLineRunsAndItsAnswerIsShown() {
        Answer answer = inbound.command(line(People.OPERATOR, OPS, "test run say=hi", null));
        assertEquals(Status.DONE, answer.status());
        assertEquals("ran test run hi\n", PlainText.render(answer.reply()));
        assertEquals(0, answer.exitCode());
        assertEquals(1, action.runs().size());
    }

    @Test
    void refusalsAreForTheRequesterOnlyAndNameWhatIsMissing() {
        Answer denied = inbound.command(line(People.VIEWER, OPS, "test run", null));
        assertEquals(Status.REFUSED, denied.status());
        assertTrue(denied.refused());
        assertEquals(Visibility.REQUESTER, denied.reply().visibility());
        assertTrue(PlainText.render(denied.reply()).startsWith("You need the operator role to run `test run`."));
        assertEquals(2, denied.exitCode());

        Answer usage = inbound.command(line(People.OPERATOR, OPS, "test rnu", null));
        assertEquals(Status.REFUSED, usage.status());
        assertEquals(Visibility.REQUESTER, usage.reply().visibility());
        assertEquals(0, action.runs().size());

        Reply shout = Reply.builder().visibility(Visibility.CHANNEL).text("Too busy.").build();
        assertEquals(Visibility.REQUESTER, Answer.refused(shout).reply().visibility());
    }

    @Test
    void theSameDeliveryTwiceRunsOnceAndTheRepeatShowsNothing() {
        assertEquals(Status.DONE, inbound.command(line(People.OPERATOR, OPS, "test run say=again", "Ev-inbound-1")).status());
        Answer repeat = inbound.command(line(People.OPERATOR, OPS, "test run say=again", "Ev-inbound-1"));
        assertEquals(Status.REPEAT, repeat.status());
        assertEquals(0, repeat.exitCode());
        assertEquals(1, action.runs().size());
    }

    @Test
    void aParsedCommandRunsWithItsTypedOptionsAndIsAuditedAsTheLineItStandsFor() {
        ChannelAddress discord = DiscordPlatform.channel("42");
        Answer answer = inbound.command(new Inbound.Request(People.DISCORD_OPS, discord,
                parsed("test run", "say", "two words", "fail", false), "i-parsed-1", null));
        assertEquals(Status.DONE, answer.status(), PlainText.render(answer.reply()));
        assertEquals("two words", action.runs().get(0).args().string("say").orElseThrow());
        List<AuditRecord> rows = context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500))
                .stream().filter(r -> r.channel().equals("discord:42") && r.userId().equals("123")).toList();
        assertEquals(List.of("test run say=\"two words\" fail=false"), rows.stream().map(AuditRecord::commandLine).toList());

        Answer bad = inbound.command(new Inbound.Request(People.DISCORD_OPS, discord,
                parsed("test run", "sleep", "soon"), "i-parsed-2", null));
        assertEquals(Status.REFUSED, bad.status());
        assertTrue(PlainText.render(bad.reply()).contains("soon"), PlainText.render(bad.reply()));
    }

    @Test
    void preparingChecksEverythingThatDecidesAndRunsNothing() {
        Inbound.Prepared allowed = inbound.prepare(line(People.OPERATOR, OPS, "test run say=later", null));
        assertFalse(allowed.privately(), "a channel command answers in the channel");
        assertEquals(0, action.runs().size(), "nothing runs before run()");
        assertEquals(Status.DONE, allowed.run().status());
        assertEquals(1, action.runs().size());

        Inbound.Prepared denied = inbound.prepare(line(People.VIEWER, OPS, "test run say=prepared-denial", null));
        assertTrue(denied.privately(), "a missing role");
        assertEquals(List.of(), auditOf("test run say=prepared-denial"), "nothing is written before run()");
        assertEquals(Status.REFUSED, denied.run().status());
        assertEquals(List.of("denied"), auditOf("test run say=prepared-denial").stream().map(AuditRecord::decision).toList());

        assertTrue(inbound.prepare(line(People.OPERATOR, OPS, "test nope", null)).privately(), "not understood");
        assertTrue(inbound.prepare(line(People.VIEWER, SlackPlatform.channel("CELSEWHERE"), "test channel", null))
                .privately(), "the wrong channel");
        Inbound.Prepared confirm = inbound.prepare(line(People.OPERATOR, OPS, "test confirm", null));
        assertTrue(confirm.privately(), "a confirmation prompt is for the requester");
        assertEquals(Status.AWAITING_CONFIRMATION, confirm.run().status());
        assertEquals(1, action.runs().size(), "the prompt ran nothing");
    }

    @Test
    void clickingConfirmRunsTheCommandOnceAndOnlyForTheRequester() {
        Answer prompt = inbound.command(line(People.OPERATOR, OPS, "test confirm say=clicked", null));
        assertEquals(Status.AWAITING_CONFIRMATION, prompt.status());
        assertEquals(2, prompt.exitCode());
        Button confirm = prompt.reply().buttons().stream()
                .filter(b -> b.actionId().equals(ButtonActions.CONFIRM)).findFirst().orElseThrow();

        Answer notYours = inbound.click(People.OPERATOR2, confirm.actionId(), confirm.value(), null);
        assertEquals(Status.REFUSED, notYours.status());
        assertEquals(0, action.runs().size());

        Answer done = inbound.click(People.OPERATOR, confirm.actionId(), confirm.value(), null);
        assertEquals(Status.DONE, done.status());
        assertEquals(1, action.runs().size());
        assertEquals(Status.REFUSED, inbound.click(People.OPERATOR, confirm.actionId(), confirm.value(), null).status());
        assertEquals(1, action.runs().size());

        Answer approval = inbound.command(line(People.OPERATOR, OPS, "test approve", null));
        assertEquals(Status.AWAITING_APPROVAL, approval.status());
        assertEquals(Status.REFUSED, inbound.click(People.OPERATOR, "caretaker.nothing", "x", null).status());
    }
}
