package dev.caretaker.pipeline;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ConfigProblem;
import dev.caretaker.security.RolesConfig;
import io.micronaut.context.BeanContext;
import dev.caretaker.command.CommandsChanged;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds the one {@link CommandRegistry} at boot from the built-in catalogue and {@code commands/*.yml},
 * and fails the boot with file and line on a duplicate name, an unknown role, a bad argument or a
 * template naming a missing argument; {@link #reload} does the same later and swaps the whole set, or refuses it
 * whole. Resolves each command to the {@link Action} that runs it.
 */
@Singleton
public class CommandCatalog {

    /** Built-in command declarations on the classpath; each capability adds its file here. */
    public static final List<String> BUILTIN_RESOURCES = List.of(
            "caretaker/commands/core.yml",
            "caretaker/commands/db.yml",
            "caretaker/commands/digest.yml",
            "caretaker/commands/alert.yml",
            "caretaker/commands/backup.yml",
            "caretaker/commands/oncall.yml",
            "caretaker/commands/schedule.yml");

    private static final Logger LOG = LoggerFactory.getLogger(CommandCatalog.class);

    private final BeanContext beans;
    private final Map<String, ActionFactory> factories = new HashMap<>();
    private final RolesConfig roles;
    private final String commandsDir;
    private final ApplicationEventPublisher<CommandsChanged> events;
    private final CommandRegistry registry;
    /** Keyed by the declaration itself, so a reload that changes a command never runs its old action. */
    private final Map<CommandSpec, Action> actions = new ConcurrentHashMap<>();

    /** What {@link #reload} did: replaced the commands, or refused the whole set and kept the running one. */
    public sealed interface Reload {

        /** The new set is in use; {@code changes} says what differs from the old one. */
        record Reloaded(int commands, CommandsChanged changes) implements Reload {
        }

        /** Nothing changed: every problem of the new set, with file and line. */
        record Refused(List<ConfigProblem> problems) implements Reload {
        }
    }

    public CommandCatalog(BeanContext beans, List<ActionFactory> factories, RolesConfig roles,
                          CommandsSettings settings,
                          ApplicationEventPublisher<CommandsChanged> events) {
        this.beans = beans;
        this.roles = roles;
        this.commandsDir = settings.dir();
        this.events = events;
        factories.forEach(f -> this.factories.put(f.kind(), f));
        List<ConfigProblem> problems = new ArrayList<>();
        List<CommandSpec> specs = read(problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
        this.registry = new CommandRegistry(specs);
        LOG.info("Commands: {} loaded ({} from {})", specs.size(),
                specs.stream().filter(s -> !s.action().kind().equals("builtin")).count(), commandsDir);
    }

    public CommandRegistry registry() {
        return registry;
    }

    /**
     * Reads the built-in catalogue and {@code commands/*.yml} again and, when every file is right and {@code more}
     * finds nothing wrong with the new set (e.g. a schedule naming a command that is gone), puts it in use at once.
     * A single problem anywhere refuses the whole set: the running commands stay as they were.
     */
    public synchronized Reload reload(Function<CommandRegistry, List<ConfigProblem>> more) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<CommandSpec> specs = read(problems);
        if (problems.isEmpty()) {
            problems.addAll(more.apply(new CommandRegistry(specs)));
        }
        if (!problems.isEmpty()) {
            LOG.warn("Commands: reload refused, {} problem(s); the running commands stay: {}", problems.size(),
                    problems.stream().map(ConfigProblem::toString).toList());
            return new Reload.Refused(problems);
        }
        Map<String, CommandSpec> before = new HashMap<>();
        registry.all().forEach(c -> before.put(c.name(), c));
        Set<String> added = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        for (CommandSpec c : specs) {
            CommandSpec old = before.remove(c.name());
            if (old == null) {
                added.add(c.name());
            } else if (!sameDeclaration(old, c)) {
                changed.add(c.name());
            }
        }
        CommandsChanged changes = new CommandsChanged(added, new TreeSet<>(before.keySet()), changed);
        registry.replaceAll(specs);
        actions.clear();
        LOG.info("Commands: reloaded, {} in all; added {}, removed {}, changed {}", specs.size(), changes.added(),
                changes.removed(), changes.changed());
        if (!changes.none()) {
            events.publishEvent(changes);
        }
        return new Reload.Reloaded(specs.size(), changes);
    }

    /**
     * The same command as far as users can tell: the line in the file it came from may move, and a compiled pattern
     * (which has no equals of its own) is the same when its text is.
     */
    private static boolean sameDeclaration(CommandSpec a, CommandSpec b) {
        return comparable(a).equals(comparable(b));
    }

    private static CommandSpec comparable(CommandSpec c) {
        List<dev.caretaker.command.ArgSpec> args = c.args().stream().map(x -> new dev.caretaker.command.ArgSpec(x.name(),
                x.type(), x.required(), x.defaultValue(), x.choices(), null, x.targetType(),
                x.help() + (x.pattern() == null ? "" : " ~ " + x.pattern().pattern()), x.min(), x.max())).toList();
        return new CommandSpec(c.name(), c.summary(), args, c.role(), c.confirm(), c.approval(), c.cooldown(),
                c.channels(), c.timeout(), c.examples(), c.visibility(), c.action(), null, c.groupDefault());
    }

    /** The action that runs {@code spec}; built once per declaration and reused. */
    public Action actionFor(CommandSpec spec) {
        return actions.computeIfAbsent(spec, s -> {
            if (s.action().kind().equals("builtin")) {
                return beans.getBean(Action.class, Qualifiers.byName(s.action().name()));
            }
            return factories.get(s.action().kind()).create(s);
        });
    }

    /** Every declaration, built-in and from {@code commands/}, checked together; problems are added to {@code problems}. */
    private List<CommandSpec> read(List<ConfigProblem> problems) {
        List<CommandSpec> specs = new ArrayList<>();
        for (String resource : BUILTIN_RESOURCES) {
            readResource(resource).ifPresent(text -> collect(CommandFileReader.read(resource, text, "admin",
                    roles.knownRoles()), specs, problems));
        }
        Path dir = Path.of(commandsDir);
        for (Path file : commandFiles(dir, problems)) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                collect(CommandFileReader.read(dir.getFileName() + "/" + file.getFileName(), text, "operator",
                        roles.knownRoles()), specs, problems);
            } catch (java.nio.charset.CharacterCodingException e) {
                problems.add(new ConfigProblem(dir.getFileName() + "/" + file.getFileName(), 0, PipelineMessages.notUtf8()));
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add(new ConfigProblem(file.toString(), 0, "cannot be read: " + e.getMessage()));
            }
        }
        problems.addAll(validate(specs));
        problems.addAll(validateRoleLists(roles));
        return specs;
    }

    private List<ConfigProblem> validate(List<CommandSpec> specs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, CommandSpec> seen = new HashMap<>();
        Map<String, CommandSpec> firsts = new java.util.LinkedHashMap<>();
        specs.forEach(s -> firsts.putIfAbsent(s.name(), s));
        // what a runbook's steps may name: the whole set, as it will be once loaded
        CommandRegistry all = new CommandRegistry(firsts.values());
        for (CommandSpec s : specs) {
            CommandSpec first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                problems.add(new ConfigProblem(s.source().file(), s.source().line(), "duplicate command `" + s.name()
                        + "`: also declared at " + first.source() + "; rename one of them"));
            }
            String kind = s.action().kind();
            if (kind.equals("builtin")) {
                if (!beans.containsBean(Action.class, Qualifiers.byName(s.action().name()))) {
                    problems.add(new ConfigProblem(s.source().file(), s.source().line(), "`" + s.name()
                            + "` names built-in action `" + s.action().name() + "`, which does not exist"));
                }
            } else if (!factories.containsKey(kind)) {
                problems.add(new ConfigProblem(s.source().file(), s.source().line(), "`" + s.name() + "` has kind `" + kind
                        + "`; use one of " + String.join(", ", factories.keySet().stream().sorted().toList())));
            } else {
                for (String p : factories.get(kind).validate(s, all)) {
                    problems.add(new ConfigProblem(s.source().file(), s.source().line(), "`" + s.name() + "`: " + p));
                }
            }
        }
        return problems;
    }

    private static List<ConfigProblem> validateRoleLists(RolesConfig roles) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String r : roles.defaultRoles()) {
            if (!roles.knownRoles().contains(r)) {
                problems.add(new ConfigProblem("caretaker.default-roles", 0, "names role `" + r + "`, which is not "
                        + "configured; use one of " + String.join(", ", roles.knownRoles())));
            }
        }
        for (String r : roles.consoleRoles()) {
            if (!roles.knownRoles().contains(r)) {
                problems.add(new ConfigProblem("caretaker.console.roles", 0, "names role `" + r + "`, which is not "
                        + "configured; use one of " + String.join(", ", roles.knownRoles())));
            }
        }
        return problems;
    }

    private static void collect(CommandFileReader.Result result, List<CommandSpec> specs, List<ConfigProblem> problems) {
        specs.addAll(result.commands());
        problems.addAll(result.problems());
    }

    private static List<Path> commandFiles(Path dir, List<ConfigProblem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")
                    || f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(dir.toString(), 0, "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private Optional<String> readResource(String name) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("built-in command catalogue " + name + " cannot be read", e);
        }
    }
}
