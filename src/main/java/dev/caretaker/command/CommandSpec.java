package dev.caretaker.command;

import dev.caretaker.reply.Visibility;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A thing users type: {@code <group> <verb>} or one word, its typed args, who may run it, and the
 * safety it needs (confirmation, two-person approval, cooldown, channels, timeout).
 *
 * @param approval how many people in all must agree (1 = the requester alone, 2 = one more person)
 * @param channels     channel addresses where it may run; empty means anywhere
 * @param groupDefault what its group's name alone runs: {@code oncall primary} is {@code oncall show primary} (at most
 *                     one per group; the group keeps its verbs, so Discord's subcommand tree stays as it is)
 */
public record CommandSpec(String name, String summary, List<ArgSpec> args, String role, boolean confirm,
                          int approval, Duration cooldown, Set<String> channels, Duration timeout,
                          List<String> examples, Visibility visibility, ActionRef action, Source source,
                          boolean groupDefault) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(action, "action");
        summary = summary == null ? "" : summary;
        args = List.copyOf(args);
        cooldown = cooldown == null ? Duration.ZERO : cooldown;
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        examples = examples == null ? List.of() : List.copyOf(examples);
        visibility = visibility == null ? Visibility.CHANNEL : visibility;
        approval = Math.max(1, approval);
    }

    /** A command that is not its group's default. */
    public CommandSpec(String name, String summary, List<ArgSpec> args, String role, boolean confirm, int approval,
                       Duration cooldown, Set<String> channels, Duration timeout, List<String> examples,
                       Visibility visibility, ActionRef action, Source source) {
        this(name, summary, args, role, confirm, approval, cooldown, channels, timeout, examples, visibility, action,
                source, false);
    }

    /** The group (first word) of a two-word name; empty for single words like {@code help}. */
    public Optional<String> group() {
        int space = name.indexOf(' ');
        return space < 0 ? Optional.empty() : Optional.of(name.substring(0, space));
    }

    /** The verb: the last word of the name. */
    public String verb() {
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(space + 1);
    }

    public Optional<ArgSpec> arg(String argName) {
        return args.stream().filter(a -> a.name().equals(argName)).findFirst();
    }

    public boolean needsApproval() {
        return approval > 1;
    }

    /** The one-line usage, e.g. {@code db vacuum <table> [full=false]}. */
    public String usage() {
        StringBuilder out = new StringBuilder(name);
        for (ArgSpec a : args) {
            out.append(' ').append(a.usage());
        }
        return out.toString();
    }
}
