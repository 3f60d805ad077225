package dev.caretaker.pipeline;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ConfigProblem;
import dev.caretaker.security.RolesConfig;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds the one {@link CommandRegistry} at boot from the built-in catalogue and {@code commands/*.yml},
 * and fails the boot with file and line on a duplicate name, an unknown role, a bad argument or a
 * template naming a missing argument. Resolves each command to the {@link Action} that runs it.
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
            "caretaker/commands/oncall.yml");

    private static final Logger LOG = LoggerFactory.getLogger(CommandCatalog.class);

    private final BeanContext beans;
    private final Map<String, ActionFactory> factories = new HashMap<>();
    private final CommandRegistry registry;
    private final Map<String, Action> actions = new ConcurrentHashMap<>();

    public CommandCatalog(BeanContext beans, List<ActionFactory> factories, RolesConfig roles,
                          @Value("${caretaker.commands-dir:commands}") String commandsDir) {
        this.beans = beans;
        factories.forEach(f -> this.factories.put(f.kind(), f));
        List<ConfigProblem> problems = new ArrayList<>();
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
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
        this.registry = new CommandRegistry(specs);
        LOG.info("Commands: {} loaded ({} from {})", specs.size(),
                specs.stream().filter(s -> !s.action().kind().equals("builtin")).count(), dir);
    }

    public CommandRegistry registry() {
        return registry;
    }

    /** The action that runs {@code spec}; built once per command and reused. */
    public Action actionFor(CommandSpec spec) {
        return actions.computeIfAbsent(spec.name(), n -> {
            if (spec.action().kind().equals("builtin")) {
                return beans.getBean(Action.class, Qualifiers.byName(spec.action().name()));
            }
            return factories.get(spec.action().kind()).create(spec);
        });
    }

    private List<ConfigProblem> validate(List<CommandSpec> specs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, CommandSpec> seen = new HashMap<>();
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
                for (String p : factories.get(kind).validate(s)) {
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
