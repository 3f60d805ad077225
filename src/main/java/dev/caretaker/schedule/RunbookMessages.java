package dev.caretaker.schedule;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.caretaker.reply.Format.human;

/** What runbooks tell people: problems in their declaration, their steps as they run, questions and the Roll back button. */
final class RunbookMessages {

    private static final int WHY_MAX = 300;

    private RunbookMessages() {
    }

    // ---- the declaration (each sentence follows "`<runbook>`: " and the file and line) --------------------------

    static String unknownKey(String key, List<String> keys) {
        return "runbook commands take " + String.join(", ", keys) + "; `" + key + "` is unknown";
    }

    static String noSteps() {
        return "`steps:` must be a list of at least one step, e.g. [\"db analyze\", {pause: 30s}]";
    }

    static String rollbackNotALine() {
        return "`rollback:` must be one command line, e.g. \"release undo {service}\"";
    }

    static String emptyStep(int n) {
        return "step " + n + " is empty; write the command line it runs";
    }

    static String stepShape(int n) {
        return "step " + n + " must be a command line or a mapping with exactly one of run, pause, wait-until, watch, "
                + "ask or say";
    }

    static String unknownStepKey(int n, String kind, String key, Collection<String> allowed) {
        return "step " + n + " (" + kind + ") has the unknown key `" + key + "`; it takes "
                + String.join(", ", allowed.stream().sorted().toList());
    }

    static String stepNeedsText(int n, String kind) {
        return "step " + n + " needs a value for `" + kind + ":`" + switch (kind) {
            case "ask" -> " (the question to ask)";
            case "say" -> " (the note to show)";
            case "watch" -> " (a command line, or a list of them)";
            default -> " (a command line)";
        };
    }

    static String badOnFailure(int n) {
        return "`on-failure` of step " + n + " must be stop, continue or {run: \"<command line>\"}";
    }

    static String durationMissing(int n, String key) {
        return "step " + n + " needs `" + key + ":`, a duration like 30s or 5m";
    }

    static String durationArgNotDuration(int n, String key, String arg) {
        return "`" + key + "` of " + where(n) + " names `{" + arg + "}`, which is not an argument of type duration; "
                + "declare it with type: duration";
    }

    static String badDuration(int n, String key, String text) {
        return "`" + key + "` of " + where(n) + " is `" + Format.echo(text) + "`; use a duration like 30s, 5m or 1h, "
                + "or one duration argument like \"{watch}\"";
    }

    private static String where(int n) {
        return n == 0 ? "the runbook" : "step " + n;
    }

    static String stepUnknownCommand(String line) {
        return "the step `" + Format.echo(line) + "` names no command; check its first words against `help`";
    }

    static String stepIsRunbook(String line, String command) {
        return "the step `" + Format.echo(line) + "` runs `" + command + "`, another runbook; list its steps here instead";
    }

    static String stepNeedsApproval(String line, String command) {
        return "the step `" + Format.echo(line) + "` runs `" + command + "`, which needs another person's approval; a "
                + "runbook cannot wait for one, so run that command on its own";
    }

    static String stepNeedsConfirmation(String line, String command) {
        return "the step `" + Format.echo(line) + "` runs `" + command + "`, which asks to be confirmed; add "
                + "`confirm: true` to the runbook, whose one confirmation then covers its steps";
    }

    static String stepUnusable(String line, String problem) {
        return "the step `" + Format.echo(line) + "` cannot run: " + stripDot(problem);
    }

    static String askUnknownRole(String role, Collection<String> known) {
        return "an `ask:` step names the role `" + role + "`, which is not configured; use one of "
                + String.join(", ", known);
    }

    // ---- running ---------------------------------------------------------------------------------------------

    static String stepNeedsRole(String runbook, String command, String role) {
        return "You need the " + role + " role to run `" + runbook + "`: one of its steps runs `" + command
                + "`. Nothing was run.";
    }

    static String pauseLabel(Duration length) {
        return "pause " + human(length);
    }

    static String waitUntilLabel(String line) {
        return "wait until " + line + " succeeds";
    }

    static String watchLabel(String line, Duration span) {
        return "watch " + line + " for " + human(span);
    }

    static String askLabel(String question) {
        return "ask: " + question;
    }

    static String pausing(Duration length) {
        return "pausing " + human(length);
    }

    static String waitingForAnswer(String role, Duration timeout) {
        return "waiting for someone with the " + role + " role to answer (up to " + human(timeout) + ")";
    }

    static String waitingUntil(String line, int attempt, Duration left) {
        return "waiting for `" + line + "` to succeed: " + attempt + (attempt == 1 ? " try" : " tries") + " so far, "
                + human(left) + " left";
    }

    static String stillFailing(Duration timeout, int attempts, String why) {
        return "still failing after " + human(timeout) + " (" + attempts + (attempts == 1 ? " try" : " tries") + "): "
                + why;
    }

    static String watching(String line, int rounds, Duration left) {
        return "watching `" + line + "`: " + rounds + (rounds == 1 ? " round" : " rounds") + " of checks passed, "
                + human(left) + " left";
    }

    static String watchFailed(int round, String line, String why) {
        return "`" + line + "` failed" + (round == 1 ? "" : " in round " + round) + ": " + why;
    }

    static String watched(int rounds, Duration span) {
        return "passed " + rounds + (rounds == 1 ? " round" : " rounds") + " of checks over " + human(span);
    }

    static String answerNote(String decision, String by, Duration timeout) {
        return switch (decision) {
            case "continue" -> "continued by " + by;
            case "abort" -> "aborted by " + by;
            default -> "nobody answered within " + human(timeout) + ", so the runbook was aborted";
        };
    }

    static String interrupted(Duration timeout) {
        return "stopped: the runbook's timeout of " + human(timeout) + " passed";
    }

    /** Why a step's command did not succeed: the first sentence of its reply, kept short. */
    static String why(Reply reply) {
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Text t && !t.text().isBlank()) {
                return shorten(t.text());
            }
        }
        if (reply.header() != null) {
            return shorten(reply.header());
        }
        return "it did not succeed";
    }

    private static String shorten(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= WHY_MAX ? one : one.substring(0, WHY_MAX - 1) + "…";
    }

    /** One line per step: its mark, number, what it runs, and a note. */
    static String steps(List<RunbookRun.StepState> states) {
        return states.stream().map(RunbookMessages::line).collect(Collectors.joining("\n"));
    }

    private static String line(RunbookRun.StepState s) {
        String mark = switch (s.status) {
            case PENDING -> "·";
            case RUNNING -> "▶";
            case WAITING -> "⏳";
            case OK -> "✓";
            case FAILED -> "✗";
            case SKIPPED -> "–";
        };
        StringBuilder out = new StringBuilder(mark).append(' ').append(s.number).append(". ").append(s.label);
        switch (s.status) {
            case RUNNING -> out.append(" (running)");
            case SKIPPED -> out.append(" (skipped)");
            case PENDING -> { }
            default -> {
                if (s.note != null) {
                    out.append(" — ").append(s.note);
                }
            }
        }
        if (s.recovery != null) {
            out.append("\n    ↳ on failure ran `").append(s.recovery).append("`: ")
                    .append(s.recoveryOk == null ? "running" : s.recoveryOk ? "✓ done" : "✗ failed");
        }
        return out.toString();
    }

    static String progress(String runbook, List<RunbookRun.StepState> states) {
        return "Runbook `" + runbook + "`\n" + steps(states);
    }

    static Reply finished(String runbook, RunbookRun.End end, String steps, Optional<String> rollbackToken,
                          Duration rollbackFor) {
        Reply.Builder reply = Reply.builder();
        switch (end) {
            case DONE -> reply.header("Runbook " + runbook + ": done").severity(Severity.OK);
            case DONE_WITH_FAILURES -> reply.header("Runbook " + runbook + ": done, with failed steps passed over")
                    .severity(Severity.WARN);
            case STOPPED -> reply.header("Runbook " + runbook + ": stopped").severity(Severity.CRITICAL);
        }
        reply.text(steps);
        rollbackToken.ifPresent(token -> {
            reply.button(new Button("Roll back", RunbookPrompts.ROLLBACK, token, Button.Style.DANGER));
            reply.footer("Roll back works once, for " + human(rollbackFor) + "; on the console type `runbook rollback "
                    + token + "`.");
        });
        return reply.build();
    }

    // ---- questions and buttons -------------------------------------------------------------------------------

    static Reply askPrompt(String runbook, int step, String question, String role, Duration timeout, String token) {
        return Reply.builder().header("Runbook " + runbook + ", step " + step + ": your answer is needed")
                .severity(Severity.WARN)
                .text(question)
                .text("Someone with the " + role + " role: Continue, or Abort to stop the runbook. Without an answer "
                        + "within " + human(timeout) + " it is aborted.")
                .button(new Button("Continue", RunbookPrompts.CONTINUE, token, Button.Style.PRIMARY))
                .button(new Button("Abort", RunbookPrompts.ABORT, token, Button.Style.DANGER))
                .footer("On the console: `runbook continue " + token + "` or `runbook abort " + token + "`.")
                .build();
    }

    static Reply askAnswered(String runbook, int step, String question, String decision, String by,
                             Duration timeout) {
        return Reply.builder().header("Runbook " + runbook + ", step " + step)
                .severity("continue".equals(decision) ? Severity.OK : Severity.WARN)
                .text(question)
                .text(capitalized(answerNote(decision, by, timeout)) + ".")
                .build();
    }

    static Reply askAnsweredByClick(String runbook, String question, String decision, String by) {
        return Reply.builder().header("Runbook " + runbook)
                .severity("continue".equals(decision) ? Severity.OK : Severity.WARN)
                .text(question)
                .text(answered(runbook, decision, by))
                .build();
    }

    static String answered(String runbook, String decision, String by) {
        return "continue".equals(decision) ? by + " answered Continue; `" + runbook + "` goes on."
                : by + " answered Abort; `" + runbook + "` stops.";
    }

    static String noSuchQuestion() {
        return "That is not a question a runbook is waiting on; check the token in the message.";
    }

    static String questionClosed() {
        return "This question was answered already, or its time ran out.";
    }

    static String answerNeedsRole(String role, String runbook) {
        return "You need the " + role + " role to answer this question of `" + runbook + "`.";
    }

    static String rollbackGone() {
        return "This Roll back button no longer works: it works once, and only for a while after the runbook finished.";
    }

    static String rollbackNeedsRole(String role, String runbook) {
        return "You need the " + role + " role to roll back `" + runbook + "`.";
    }

    static Reply rolledBack(String runbook, String steps, String line, String by, Reply result, boolean ok) {
        Reply.Builder reply = Reply.builder()
                .header("Runbook " + runbook + (ok ? ": rolled back" : ": roll back failed"))
                .severity(ok ? Severity.WARN : Severity.CRITICAL)
                .visibility(Visibility.CHANNEL)
                .text(steps)
                .text(by + " clicked Roll back: `" + line + "` " + (ok ? "succeeded." : "did not succeed: " + why(result)));
        result.blocks().stream().filter(b -> !(b instanceof Block.Text)).forEach(reply::block);
        return reply.build();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String stripDot(String sentence) {
        String s = sentence == null ? "" : sentence.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
