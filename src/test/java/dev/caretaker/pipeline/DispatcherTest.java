package dev.caretaker.pipeline;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.action.Progress;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.PlainText;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline on embedded PostgreSQL: what people see, what ran, what the audit says. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatcherTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");

    @TempDir
    static Path tmp;

    private ApplicationContext context;
    private Dispatcher dispatcher;
    private RecordingAction action;
    private AuditLog audit;

    @BeforeAll
    void start() {
        Path commands = CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE);
        context = TestContexts.start(Map.of("caretaker.commands-dir", commands.toString()));
        dispatcher = context.getBean(Dispatcher.class);
        action = context.getBean(RecordingAction.class);
        audit = context.getBean(AuditLog.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void reset() {
        action.clear();
    }

    private Outcome send(Caller who, String text) {
        return dispatcher.dispatch(new CommandRequest(who, OPS, text, null));
    }

    private List<AuditRecord> auditOf(String requestLine) {
        return audit.search(new AuditQuery(null, null, Instant.EPOCH, 500)).stream()
                .filter(r -> r.commandLine().equals(requestLine)).toList();
    }

    @Test
    void viewerIsDeniedAnOperatorCommandNamingTheRoleAndNothingRuns() {
        Outcome o = send(People.VIEWER, "test run say=denied-1");
        assertInstanceOf(Outcome.Denied.class, o);
        assertEquals("You need the operator role to run `test run`. Ask an admin to add you under "
                + "`caretaker.roles.operator`.\n", PlainText.render(o.reply()));
        assertEquals(0, action.runs().size());
        List<AuditRecord> rows = auditOf("test run say=denied-1");
        assertEquals(1, rows.size());
        assertEquals("denied", rows.get(0).decision());
        assertEquals(null, rows.get(0).outcome());
    }

    @Test
    void operatorRunsAndTheAuditRowIsStartedThenFinished() {
        Outcome o = send(People.OPERATOR, "test run say=hello-1");
        assertInstanceOf(Outcome.Completed.class, o);
        assertEquals("ran test run hello-1\n", PlainText.render(o.reply()));
        AuditRecord row = auditOf("test run say=hello-1").get(0);
        assertEquals("allowed", row.decision());
        assertEquals("ok", row.outcome());
        assertTrue(row.finished().isPresent());
        assertEquals("otto", row.userName());
        assertEquals("slack:COPS", row.channel());
    }

    @Test
    void adminHoldsOperatorAndDiscordRoleIdsGrantRoles() {
        assertInstanceOf(Outcome.Completed.class, send(People.ADMIN, "test run"));
        assertInstanceOf(Outcome.Completed.class, dispatcher.dispatch(new CommandRequest(People.DISCORD_OPS,
                DiscordPlatform.channel("42"), "test run", null)));
    }

    @Test
    void theSameDeliveryTwiceRunsOnceAndIsAuditedOnce() {
        CommandRequest r = new CommandRequest(People.OPERATOR, OPS, "test run say=retry-1", "Ev123");
        assertInstanceOf(Outcome.Completed.class, dispatcher.dispatch(r));
        assertInstanceOf(Outcome.Duplicate.class, dispatcher.dispatch(r));
        assertEquals(1, action.runs().size());
        assertEquals(1, auditOf("test run say=retry-1").size());
    }

    @Test
    void confirmationRunsOnlyAfterTheRequesterConfirmsAndOnlyOnce() {
        Outcome pending = send(People.OPERATOR, "test confirm say=c-1");
        Outcome.Pending p = assertInstanceOf(Outcome.Pending.class, pending);
        assertEquals(List.of(ButtonActions.CONFIRM, ButtonActions.CANCEL),
                p.reply().buttons().stream().map(b -> b.actionId()).toList());
        assertEquals(0, action.runs().size());

        Outcome stranger = dispatcher.decide(p.token(), Decision.CONFIRM, People.OPERATOR2, Progress.NONE);
        assertEquals("Only otto, who asked for it, can confirm or cancel this.\n", PlainText.render(stranger.reply()));
        assertEquals(0, action.runs().size());

        Outcome done = dispatcher.decide(p.token(), Decision.CONFIRM, People.OPERATOR, Progress.NONE);
        assertInstanceOf(Outcome.Completed.class, done);
        assertTrue(PlainText.render(done.reply()).contains("Confirmed by <@U_OPERATOR>."));
        assertEquals(1, action.runs().size());

        Outcome again = dispatcher.decide(p.token(), Decision.CONFIRM, People.OPERATOR, Progress.NONE);
        assertInstanceOf(Outcome.Denied.class, again);
        assertEquals(1, action.runs().size());
    }

    @Test
    void cancelledConfirmationNeverRuns() {
        Outcome.Pending p = (Outcome.Pending) send(People.OPERATOR, "test confirm say=c-2");
        Outcome cancelled = dispatcher.decide(p.token(), Decision.CANCEL, People.OPERATOR, Progress.NONE);
        assertTrue(PlainText.render(cancelled.reply()).contains("was cancelled by <@U_OPERATOR>; nothing ran"));
        assertInstanceOf(Outcome.Denied.class, dispatcher.decide(p.token(), Decision.CONFIRM, People.OPERATOR,
                Progress.NONE));
        assertEquals(0, action.runs().size());
    }

    @Test
    void approvalNeedsASecondPersonWithTheRoleNeverTheRequester() {
        Outcome.Pending p = (Outcome.Pending) send(People.OPERATOR, "test approve");
        assertTrue(p.approval());
        assertEquals("You asked for this yourself; another person with the role must approve it.\n",
                PlainText.render(dispatcher.decide(p.token(), Decision.APPROVE, People.OPERATOR, Progress.NONE).reply()));
        assertTrue(PlainText.render(dispatcher.decide(p.token(), Decision.APPROVE, People.VIEWER, Progress.NONE).reply())
                .startsWith("You need the operator role"));
        assertEquals(0, action.runs().size());

        Outcome approved = dispatcher.decide(p.token(), Decision.APPROVE, People.OPERATOR2, Progress.NONE);
        assertInstanceOf(Outcome.Completed.class, approved);
        assertEquals(1, action.runs().size());
        assertEquals("U_OPERATOR", action.runs().get(0).caller().userId(), "it runs as the requester");
    }

    @Test
    void cooldownRefusesTheSecondRunAndSaysWhen() {
        assertInstanceOf(Outcome.Completed.class, send(People.VIEWER, "test cooldown"));
        Outcome second = send(People.VIEWER, "test cooldown");
        assertInstanceOf(Outcome.Denied.class, second);
        assertTrue(PlainText.render(second.reply()).startsWith("`test cooldown` ran recently; it can run again in 59m"),
                PlainText.render(second.reply()));
        assertEquals(1, action.runs().size());
    }

    @Test
    void channelRestrictionRefusesOtherChannels() {
        Outcome elsewhere = dispatcher.dispatch(new CommandRequest(People.VIEWER, SlackPlatform.channel("CRANDOM"),
                "test channel", null));
        assertEquals("`test channel` may only run in slack:COPS; run it there.\n", PlainText.render(elsewhere.reply()));
        assertInstanceOf(Outcome.Completed.class, send(People.VIEWER, "test channel"));
    }

    @Test
    void slowActionTimesOutWithOneSentenceAndTheAuditSaysFailed() {
        Outcome o = send(People.OPERATOR, "test run say=slow-1 sleep=10s");
        assertInstanceOf(Outcome.Failed.class, o);
        assertEquals("`test run` did not finish within 2s and was stopped.\n", PlainText.render(o.reply()));
        assertEquals("failed", auditOf("test run say=slow-1 sleep=10s").get(0).outcome());
    }

    @Test
    void crashingActionShowsNoStackTraceNorSecret() {
        Outcome o = send(People.OPERATOR, "test run say=crash-1 fail=true");
        assertInstanceOf(Outcome.Failed.class, o);
        String text = PlainText.render(o.reply());
        assertTrue(text.startsWith("`test run` failed unexpectedly; the log has the details under request r-"), text);
        assertFalse(text.contains("hunter2"));
        assertFalse(text.contains("Exception"));
    }

    @Test
    void aCrashIsLoggedWithItsStackButWithoutTheSecretInItsMessage() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(ActionRunner.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            send(People.OPERATOR, "test run say=crash-2 fail=true");
        } finally {
            logger.detachAppender(appender);
        }
        ch.qos.logback.classic.spi.IThrowableProxy logged = appender.list.stream()
                .filter(e -> e.getThrowableProxy() != null).findFirst().orElseThrow().getThrowableProxy();
        assertEquals("java.lang.IllegalStateException: boom: password=**** at line 42", logged.getMessage());
        assertTrue(logged.getStackTraceElementProxyArray().length > 0, "the stack trace is kept");
        assertTrue(logged.getStackTraceElementProxyArray()[0].getSTEAsString().contains("RecordingAction"),
                logged.getStackTraceElementProxyArray()[0].getSTEAsString());
    }

    @Test
    void secretsTypedIntoACommandAreRedactedInReplyAndAudit() {
        Outcome o = send(People.OPERATOR, "test run say=password=hunter2");
        assertFalse(PlainText.render(o.reply()).contains("hunter2"));
        List<AuditRecord> rows = audit.search(new AuditQuery("U_OPERATOR", "test run", Instant.EPOCH, 500));
        assertTrue(rows.stream().anyMatch(r -> r.commandLine().equals("test run say=password=****")),
                rows.toString());
    }

    @Test
    void usageErrorsAreRejectedWithTheUsage() {
        Outcome o = send(People.OPERATOR, "test run sleep=soon");
        assertInstanceOf(Outcome.Rejected.class, o);
        assertEquals(2, o.exitCode());
    }

    @Test
    void buttonClicksRouteConfirmToTheDecisionAndRefuseUnknownButtons() {
        Outcome.Pending p = (Outcome.Pending) send(People.OPERATOR, "test confirm say=click-1");
        assertInstanceOf(Outcome.Completed.class, dispatcher.click(ButtonActions.CONFIRM, p.token(), People.OPERATOR,
                Progress.NONE));
        assertEquals(1, action.runs().size());
        Outcome unknown = dispatcher.click("caretaker.nope", "x", People.OPERATOR, Progress.NONE);
        assertEquals("That button is not in use any more; run the command again.\n", PlainText.render(unknown.reply()));
    }
}
