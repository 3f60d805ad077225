package dev.caretaker.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the registry as the Markdown reference in {@code docs/commands.md}, so the docs cannot drift from help. */
public final class CommandReference {

    private CommandReference() {
    }

    public static String markdown(CommandRegistry registry) {
        Map<String, List<CommandSpec>> groups = new LinkedHashMap<>();
        for (CommandSpec c : registry.all()) {
            groups.computeIfAbsent(c.group().orElse("general"), g -> new ArrayList<>()).add(c);
        }
        StringBuilder out = new StringBuilder("# Commands\n\n"
                + "Generated from the command registry (built-ins and the examples in `commands/`) by `CommandReferenceTest`;\n"
                + "do not edit by hand. In Slack type `/ops <command>`, in Discord `/ops <group> <verb>`, on the console\n"
                + "the command alone.\n");
        List<CommandSpec> general = groups.remove("general");
        if (general != null) {
            section(out, "general", general);
        }
        groups.forEach((g, list) -> section(out, g, list));
        return out.toString();
    }

    private static void section(StringBuilder out, String group, List<CommandSpec> commands) {
        out.append("\n## ").append(group).append("\n");
        for (CommandSpec c : commands) {
            out.append("\n### `").append(c.usage()).append("`\n\n").append(c.summary()).append("\n\n");
            List<String> facts = new ArrayList<>();
            facts.add("role: " + c.role());
            if (c.confirm()) {
                facts.add("asks for confirmation");
            }
            if (c.needsApproval()) {
                facts.add((c.approval() - 1) + " more approver(s)");
            }
            if (!c.cooldown().isZero()) {
                facts.add("cooldown " + Durations.format(c.cooldown()));
            }
            facts.add("timeout " + Durations.format(c.timeout()));
            out.append(String.join(" · ", facts)).append("\n");
            if (!c.args().isEmpty()) {
                out.append("\n| argument | type | default | meaning |\n|---|---|---|---|\n");
                for (ArgSpec a : c.args()) {
                    String type = a.type().id() + (a.choices().isEmpty() ? "" : " (" + String.join(", ", a.choices()) + ")");
                    String def = a.required() ? "required" : a.defaultValue() == null ? "" : "`" + a.defaultValue() + "`";
                    out.append("| `").append(a.name()).append("` | ").append(type).append(" | ").append(def).append(" | ")
                            .append(a.help().replace("|", "\\|")).append(" |\n");
                }
            }
            if (!c.examples().isEmpty()) {
                out.append("\nExamples: ");
                out.append(String.join(", ", c.examples().stream().map(e -> "`" + e + "`").toList())).append("\n");
            }
        }
    }
}
