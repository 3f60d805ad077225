package dev.caretaker.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every command users can call, built-in and declared, by name; built at boot, and replaced whole (never edited) when
 * {@code commands reload} reads {@code commands/} again, so each method sees one set or the other, never a mix.
 */
public final class CommandRegistry {

    private volatile Map<String, CommandSpec> byName;

    public CommandRegistry(Collection<CommandSpec> commands) {
        this.byName = index(commands);
    }

    /** Replaces every command at once with {@code commands}; a duplicate name changes nothing. */
    public void replaceAll(Collection<CommandSpec> commands) {
        this.byName = index(commands);
    }

    private static Map<String, CommandSpec> index(Collection<CommandSpec> commands) {
        Map<String, CommandSpec> out = new TreeMap<>();
        for (CommandSpec c : commands) {
            if (out.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("duplicate command " + c.name());
            }
        }
        Map<String, List<CommandSpec>> defaults = new TreeMap<>();
        out.values().stream().filter(CommandSpec::groupDefault)
                .forEach(c -> defaults.computeIfAbsent(c.group().orElse(""), g -> new ArrayList<>()).add(c));
        defaults.forEach((group, list) -> {
            if (list.size() > 1) {
                throw new IllegalArgumentException("group " + group + " has more than one group-default command");
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The command a group's name alone runs, if the group has one ({@code group-default: true}). */
    public Optional<CommandSpec> groupDefault(String group) {
        return inGroup(group).stream().filter(CommandSpec::groupDefault).findFirst();
    }

    public Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All commands, sorted by name. */
    public List<CommandSpec> all() {
        return List.copyOf(byName.values());
    }

    /** Group names, sorted. */
    public Set<String> groups() {
        Map<String, CommandSpec> byName = this.byName;
        Set<String> groups = new TreeSet<>();
        for (CommandSpec c : byName.values()) {
            c.group().ifPresent(groups::add);
        }
        return groups;
    }

    public List<CommandSpec> inGroup(String group) {
        Map<String, CommandSpec> byName = this.byName;
        return byName.values().stream().filter(c -> c.group().filter(group::equals).isPresent()).toList();
    }

    /**
     * The command names closest to what was typed, best first: for "did you mean". Uses edit distance
     * on the whole name and on its words, so {@code hlep} finds {@code help} and {@code vacum} finds
     * {@code db vacuum}.
     */
    public List<String> closest(String typed, int max) {
        record Scored(String name, int score) {
        }
        String t = typed.trim();
        List<Scored> scored = new ArrayList<>();
        Map<String, CommandSpec> byName = this.byName;
        for (String name : byName.keySet()) {
            int best = EditDistance.of(t, name);
            for (String word : name.split(" ")) {
                best = Math.min(best, EditDistance.of(t, word) + 1);
            }
            int limit = Math.max(2, Math.min(t.length(), name.length()) / 3 + 1);
            if (best <= limit) {
                scored.add(new Scored(name, best));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        return scored.stream().limit(max).map(Scored::name).toList();
    }
}
