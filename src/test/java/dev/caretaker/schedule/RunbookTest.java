package dev.caretaker.schedule;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.RecordingChat;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runbooks against the recording action: steps, failures, questions, roles and the audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookTest {

    static final String RUNBOOKS = """
            commands:
              - name: test steps
                summary: three steps, the second fails and is repaired
                role: operator
                kind: runbook
                steps:
                  - "test run say=one"
                  - run: "test run say=two fail=true"
                    on-failure: {run: "test run say=repair"}
                  - "test run say={word}"
                args:
                  - {name: word, type: string, default: three}
              - name: test carry-on
                role: operator
                kind: runbook
                steps:
                  - run: "test run fail=true"
                    on-failure: continue
                  - {say: "a note"}
                  - {pause: 1s}
                  - "test run say=after"
              - name: test ask
                role: operator
                kind: runbook
                timeout: 1m
                args:
                  - {name: wait, type: duration, default: 2s}
                steps:
                  - "test run say=before"
                  - ask: "Go on with the rest?"
                    timeout: "{wait}"
                  - "test run say=after-ask"
              - name: test viewer-steps
                summary: anyone may ask for it, but its steps need operator
                role: viewer
                kind: runbook
                steps:
                  - "test run say=should-not-run"
            """;

    @TempDir
    static Path temp;

    private ApplicationContext context;
    private Dispatcher dispatcher;
    private RecordingAction action;
    private RecordingChat chat;

    @BeforeAll
    void start() {
        context = TestContexts.start(ScheduleContexts.properties(temp, "2025-03-10T08:00:00Z", List.of(),
                "runbooks.yml", RUNBOOKS));
        dispatcher = context.getBean(Dispatcher.class);
        action = context.getBean(RecordingAction.class);
        chat = context.getBean(RecordingChat.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void reset() {
        action.clear();
    }

    private Outcome run(Caller who, String line, Progress progress) {
        return dispatcher.dispatch(new CommandRequest(who, ChannelAddress.CONSOLE, new CommandInput.Text(line), null,
                progress, false));
    }

    private List<String> said() {
        return action.runs().stream().map(ActionContext::args).map(a -> a.string("say").orElse("")).toList();
    }

    @Test
    void aFailingStepRunsItsRepairStopsTheRestAndEveryStepIsAuditedUnderOneRequestId() {
        List<String> progress = new CopyOnWriteArrayList<>();
        Outcome o = run(People.OPERATOR, "test steps", progress::add);

        assertInstanceOf(Outcome.Failed.class, o);
        assertEquals(List.of("one", "two", "repair"), said(), "step 3 never ran");
        String text = PlainText.render(o.reply());
        assertTrue(text.contains("Runbook test steps: stopped"), text);
        assertTrue(text.contains("✓ 1. test run say=one"), text);
        assertTrue(text.contains("✗ 2. test run say=two fail=true — "), text);
        assertTrue(text.contains("↳ on failure ran `test run say=repair`: ✓ done"), text);
        assertTrue(text.contains("– 3. test run say=three (skipped)"), text);
        assertFalse(text.contains("hunter2"), "the step's failure is redacted: " + text);
        assertTrue(progress.stream().anyMatch(p -> p.contains("▶ 1. test run say=one (running)")), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.contains("✓ 1.") && p.contains("▶ 2.")), progress.toString());

        List<AuditRecord> rows = context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500));
        AuditRecord runbook = rows.stream().filter(r -> r.command().equals("test steps")).findFirst().orElseThrow();
        assertEquals("failed", runbook.outcome());
        List<AuditRecord> steps = rows.stream().filter(r -> r.requestId().equals(runbook.requestId())
                && r.command().equals("test run")).sorted(java.util.Comparator.comparing(AuditRecord::id)).toList();
        assertEquals(List.of("test run say=one", "test run say=two fail=true", "test run say=repair"),
                steps.stream().map(AuditRecord::commandLine).toList(), "one row per step, in order");
        assertEquals(List.of("ok", "failed", "ok"), steps.stream().map(AuditRecord::outcome).toList());
        steps.forEach(s -> assertEquals("U_OPERATOR", s.userId()));
    }

    @Test
    void continueGoesOnPastAFailureAndEndsWithAWarning() {
        Outcome o = run(People.OPERATOR, "test carry-on", Progress.NONE);
        assertInstanceOf(Outcome.Completed.class, o);
        String text = PlainText.render(o.reply());
        assertTrue(text.contains("done, with failed steps passed over"), text);
        assertTrue(text.contains("✗ 1. test run fail=true"), text);
        assertTrue(text.contains("✓ 2. a note"), text);
        assertTrue(text.contains("✓ 3. pause 1s"), text);
        assertTrue(text.contains("✓ 4. test run say=after"), text);
        assertEquals(List.of("", "after"), said());
    }

    @Test
    void anAskNobodyAnswersAbortsTheRunbookAndSaysSo() {
        int postsBefore = chat.posts().size();
        Outcome o = run(People.OPERATOR, "test ask wait=1s", Progress.NONE);
        assertInstanceOf(Outcome.Failed.class, o);
        String text = PlainText.render(o.reply());
        assertTrue(text.contains("✗ 2. ask: Go on with the rest? — nobody answered within 1s, so the runbook was aborted"),
                text);
        assertTrue(text.contains("– 3. test run say=after-ask (skipped)"), text);
        assertEquals(List.of("before"), said());
        // the question was posted with its buttons, then edited to say nobody answered
        RecordingChat.Sent question = chat.awaitPosts(postsBefore + 1, Duration.ofSeconds(10)).get(postsBefore);
        assertEquals(List.of("Continue", "Abort"), question.reply().buttons().stream().map(Button::label).toList());
        List<RecordingChat.Sent> edits = awaitEdit(question.messageId());
        String edited = PlainText.render(edits.getLast().reply());
        assertTrue(edited.contains("Nobody answered within 1s, so the runbook was aborted."), edited);
        assertTrue(edits.getLast().reply().buttons().isEmpty());
    }

    @Test
    void anAskIsAnsweredBySomeoneWithTheRoleOnce() throws Exception {
        int postsBefore = chat.posts().size();
        CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(() -> run(People.OPERATOR, "test ask wait=1m",
                Progress.NONE));
        RecordingChat.Sent question = chat.awaitPosts(postsBefore + 1, Duration.ofSeconds(20)).get(postsBefore);
        Button go = question.reply().buttons().get(0);
        assertEquals(RunbookPrompts.CONTINUE, go.actionId());

        Outcome viewer = dispatcher.click(go.actionId(), go.value(), People.VIEWER, Progress.NONE);
        assertInstanceOf(Outcome.Denied.class, viewer);
        assertEquals("You need the operator role to answer this question of `test ask`.",
                PlainText.render(viewer.reply()).strip());
        Outcome answered = dispatcher.click(go.actionId(), go.value(), People.OPERATOR2, Progress.NONE);
        assertInstanceOf(Outcome.Completed.class, answered);
        Outcome again = dispatcher.click(RunbookPrompts.ABORT, go.value(), People.ADMIN, Progress.NONE);
        assertEquals("This question was answered already, or its time ran out.", PlainText.render(again.reply()).strip());

        Outcome o = running.get(30, TimeUnit.SECONDS);
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        assertTrue(PlainText.render(o.reply()).contains("✓ 2. ask: Go on with the rest? — continued by <@U_OPERATOR2>"),
                PlainText.render(o.reply()));
        assertEquals(List.of("before", "after-ask"), said());
    }

    @Test
    void aViewerCannotRunARunbookWhoseStepsNeedOperator() {
        Outcome o = run(People.VIEWER, "test viewer-steps", Progress.NONE);
        assertInstanceOf(Outcome.Failed.class, o);
        assertEquals("You need the operator role to run `test viewer-steps`: one of its steps runs `test run`. "
                + "Nothing was run.", PlainText.render(o.reply()).strip());
        assertTrue(action.runs().isEmpty());
        assertInstanceOf(Outcome.Completed.class, run(People.OPERATOR, "test viewer-steps", Progress.NONE));
    }

    private List<RecordingChat.Sent> awaitEdit(String messageId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<RecordingChat.Sent> edits = chat.all().stream().filter(s -> s.update() && s.messageId().equals(messageId))
                    .toList();
            if (!edits.isEmpty()) {
                return edits;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("message " + messageId + " was never edited: " + chat.all());
    }
}
