package dev.caretaker.schedule;

import dev.caretaker.command.CommandsChanged;
import dev.caretaker.command.ConfigProblem;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code commands reload} says: what changed, or why the new files were refused. */
final class ReloadMessages {

    private ReloadMessages() {
    }

    static Reply reloaded(int commands, CommandsChanged changes) {
        List<String> parts = new ArrayList<>();
        if (!changes.added().isEmpty()) {
            parts.add("added " + names(changes.added()));
        }
        if (!changes.removed().isEmpty()) {
            parts.add("removed " + names(changes.removed()));
        }
        if (!changes.changed().isEmpty()) {
            parts.add("changed " + names(changes.changed()));
        }
        String what = parts.isEmpty() ? "Nothing changed" : capitalized(String.join("; ", parts));
        return Reply.builder().header("Commands reloaded").severity(Severity.OK)
                .text(what + ". " + commands + " commands in all; every replica uses them within a few seconds.")
                .build();
    }

    static Reply refused(List<ConfigProblem> problems) {
        return Reply.builder().header("Commands not reloaded").severity(Severity.WARN)
                .text("The files have " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                        + ", so none of them was loaded and the commands that were running still run; fix "
                        + (problems.size() == 1 ? "it" : "them") + " and reload again.")
                .code(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")))
                .build();
    }

    private static String names(Set<String> names) {
        return String.join(", ", names.stream().sorted().map(n -> "`" + Format.echo(n) + "`").toList());
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
