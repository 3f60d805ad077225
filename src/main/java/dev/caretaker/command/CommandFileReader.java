package dev.caretaker.command;

import dev.caretaker.reply.Visibility;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one command file ({@code commands/*.yml} or a built-in catalogue) into {@link CommandSpec}s,
 * reporting every problem with its file and line instead of stopping at the first.
 */
public final class CommandFileReader {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}( [a-z][a-z0-9-]{0,30})?");
    private static final Pattern ARG_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,40}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_-]*)}");
    private static final Set<String> COMMON_KEYS = Set.of("name", "summary", "role", "confirm", "approval", "cooldown",
            "channels", "timeout", "examples", "visibility", "args", "action", "kind", "group-default");
    private static final Set<String> ARG_KEYS = Set.of("name", "type", "required", "default", "choices", "pattern",
            "target", "help", "min", "max");
    /** A file is read whole into memory; anything bigger is not a command file. */
    private static final int MAX_FILE_CHARS = 1_000_000;

    /** What a file held: the commands that were well formed, and every problem found. */
    public record Result(List<CommandSpec> commands, List<ConfigProblem> problems) {
    }

    private final String file;
    private final String defaultRole;
    private final Set<String> knownRoles;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private CommandFileReader(String file, String defaultRole, Set<String> knownRoles) {
        this.file = file;
        this.defaultRole = defaultRole;
        this.knownRoles = knownRoles;
    }

    /**
     * @param file        the name problems are reported under (e.g. {@code commands/disk.yml})
     * @param defaultRole the role a command needs when it names none
     * @param knownRoles  the roles commands may require (built-in levels and those named in config)
     */
    public static Result read(String file, String text, String defaultRole, Set<String> knownRoles) {
        return new CommandFileReader(file, defaultRole, knownRoles).readAll(text);
    }

    private Result readAll(String text) {
        List<CommandSpec> out = new ArrayList<>();
        if (text.length() > MAX_FILE_CHARS) {
            problem(0, "is larger than " + MAX_FILE_CHARS + " characters; split it into several files");
            return new Result(out, problems);
        }
        Node root;
        try (Reader reader = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problem(line, "is not valid YAML (" + e.getProblem() + "); check the indentation and quotes on that line");
            return new Result(out, problems);
        } catch (YAMLException | java.io.IOException e) {
            problem(0, "is not valid YAML: " + e.getMessage());
            return new Result(out, problems);
        }
        if (root == null) {
            return new Result(out, problems);
        }
        if (!(root instanceof MappingNode map)) {
            problem(line(root), "must be a mapping with a `commands:` list");
            return new Result(out, problems);
        }
        Map<String, Node> top = entries(map);
        for (String key : top.keySet()) {
            if (!key.equals("commands")) {
                problem(line(top.get(key)), "has unknown key `" + key + "`; only `commands:` is allowed at the top");
            }
        }
        Node commands = top.get("commands");
        if (commands == null) {
            problem(line(root), "has no `commands:` list");
            return new Result(out, problems);
        }
        if (!(commands instanceof SequenceNode seq)) {
            problem(line(commands), "`commands:` must be a list");
            return new Result(out, problems);
        }
        for (Node item : seq.getValue()) {
            command(item).ifPresent(out::add);
        }
        return new Result(out, problems);
    }

    private Optional<CommandSpec> command(Node node) {
        int errorsBefore = problems.size();
        if (!(node instanceof MappingNode map)) {
            problem(line(node), "each command must be a mapping with at least `name:`");
            return Optional.empty();
        }
        Map<String, Node> e = entries(map);
        int at = line(node);
        String name = scalar(e, "name").orElse(null);
        if (name == null) {
            problem(at, "a command has no `name:`");
            return Optional.empty();
        }
        if (!NAME.matcher(name).matches()) {
            problem(line(e.get("name")), "command name `" + name + "` must be one or two lower-case words "
                    + "(letters, digits, dashes), like `disk usage`");
        }
        String role = scalar(e, "role").orElse(defaultRole);
        if (!knownRoles.contains(role)) {
            problem(line(e.getOrDefault("role", node)), "`" + name + "` needs role `" + role + "`, which is not "
                    + "configured; use one of " + String.join(", ", new java.util.TreeSet<>(knownRoles))
                    + " or add it under caretaker.roles");
        }
        boolean confirm = bool(e, "confirm", false);
        int approval = integer(e, "approval", 1);
        if (approval < 1 || approval > 5) {
            problem(line(e.get("approval")), "`approval` of `" + name + "` must be between 1 and 5 people");
        }
        Duration cooldown = duration(e, "cooldown").orElse(Duration.ZERO);
        Duration timeout = duration(e, "timeout").orElse(CommandSpec.DEFAULT_TIMEOUT);
        List<String> channels = strings(e, "channels");
        List<String> examples = strings(e, "examples");
        Visibility visibility = Visibility.CHANNEL;
        Optional<String> vis = scalar(e, "visibility");
        if (vis.isPresent()) {
            if (vis.get().equals("channel") || vis.get().equals("requester")) {
                visibility = Visibility.valueOf(vis.get().toUpperCase(Locale.ROOT));
            } else {
                problem(line(e.get("visibility")), "`visibility` must be channel or requester");
            }
        }
        List<ArgSpec> args = new ArrayList<>();
        Node argsNode = e.get("args");
        if (argsNode instanceof SequenceNode argSeq) {
            Set<String> seen = new LinkedHashSet<>();
            for (Node a : argSeq.getValue()) {
                arg(name, a).ifPresent(spec -> {
                    if (!seen.add(spec.name())) {
                        problem(line(a), "`" + name + "` declares the argument `" + spec.name() + "` twice");
                    } else {
                        args.add(spec);
                    }
                });
            }
        } else if (argsNode != null) {
            problem(line(argsNode), "`args` must be a list");
        }
        boolean groupDefault = bool(e, "group-default", false);
        if (groupDefault && !name.contains(" ")) {
            problem(line(e.get("group-default")), "`group-default` is for a command of a group, like `oncall show`; `"
                    + name + "` is a single word");
        }
        ActionRef action = actionRef(name, e, at);
        checkTemplates(name, declaredNames(argsNode), action, e);
        if (problems.size() > errorsBefore || action == null) {
            return Optional.empty();
        }
        return Optional.of(new CommandSpec(name, scalar(e, "summary").orElse(""), args, role, confirm, approval, cooldown,
                Set.copyOf(channels), timeout, examples, visibility, action, new Source(file, at), groupDefault));
    }

    private ActionRef actionRef(String name, Map<String, Node> e, int at) {
        Optional<String> builtin = scalar(e, "action");
        Optional<String> kind = scalar(e, "kind");
        if (builtin.isPresent() == kind.isPresent()) {
            problem(at, "`" + name + "` needs exactly one of `kind:` (sql, http, exec, redis) or `action:` (built-in)");
            return null;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : e.entrySet()) {
            if (!COMMON_KEYS.contains(entry.getKey())) {
                settings.put(entry.getKey(), plain(entry.getValue()));
            }
        }
        if (builtin.isPresent()) {
            if (!settings.isEmpty()) {
                problem(at, "`" + name + "` has unknown keys " + settings.keySet());
                return null;
            }
            return new ActionRef("builtin", builtin.get(), Map.of());
        }
        return new ActionRef(kind.get(), null, settings);
    }

    /** Every {@code {placeholder}} in the kind's settings must name a declared argument. */
    private void checkTemplates(String name, Set<String> declared, ActionRef action, Map<String, Node> e) {
        if (action == null) {
            return;
        }
        for (Map.Entry<String, Node> entry : e.entrySet()) {
            if (COMMON_KEYS.contains(entry.getKey())) {
                continue;
            }
            for (ScalarNode s : scalars(entry.getValue())) {
                Matcher m = PLACEHOLDER.matcher(s.getValue());
                while (m.find()) {
                    if (!declared.contains(m.group(1))) {
                        problem(line(s), "`" + name + "` uses `{" + m.group(1) + "}`, which is not one of its arguments"
                                + (declared.isEmpty() ? " (it declares none)" : " (" + String.join(", ", declared) + ")")
                                + "; declare it under `args:` or fix the placeholder");
                    }
                }
            }
        }
    }

    /** Names of declared arguments, even those with other problems, so one mistake is reported once. */
    private static Set<String> declaredNames(Node argsNode) {
        Set<String> names = new LinkedHashSet<>();
        if (argsNode instanceof SequenceNode seq) {
            for (Node a : seq.getValue()) {
                if (a instanceof MappingNode m) {
                    for (NodeTuple t : m.getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                                && t.getValueNode() instanceof ScalarNode v) {
                            names.add(v.getValue());
                        }
                    }
                }
            }
        }
        return names;
    }

    private Optional<ArgSpec> arg(String command, Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(line(node), "each argument of `" + command + "` must be a mapping with `name:` and `type:`");
            return Optional.empty();
        }
        Map<String, Node> e = entries(map);
        int errorsBefore = problems.size();
        for (String key : e.keySet()) {
            if (!ARG_KEYS.contains(key)) {
                problem(line(e.get(key)), "argument key `" + key + "` is unknown; use " + String.join(", ", ARG_KEYS.stream().sorted().toList()));
            }
        }
        String name = scalar(e, "name").orElse(null);
        if (name == null || !ARG_NAME.matcher(name).matches()) {
            problem(line(node), "an argument of `" + command + "` needs a `name:` of lower-case letters, digits, _ or -");
            return Optional.empty();
        }
        String typeText = scalar(e, "type").orElse("string");
        Optional<ArgType> type = ArgType.fromId(typeText);
        if (type.isEmpty()) {
            problem(line(e.getOrDefault("type", node)), "argument `" + name + "` of `" + command + "` has unknown type `"
                    + typeText + "`; use string, text, int, duration, enum, pattern, target or bool");
            return Optional.empty();
        }
        List<String> choices = strings(e, "choices").stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (type.get() == ArgType.ENUM && choices.isEmpty()) {
            problem(line(node), "enum argument `" + name + "` of `" + command + "` needs `choices:`");
        }
        Pattern pattern = null;
        Optional<String> patternText = scalar(e, "pattern");
        if (type.get() == ArgType.PATTERN && patternText.isEmpty()) {
            problem(line(node), "pattern argument `" + name + "` of `" + command + "` needs `pattern:`");
        }
        if (patternText.isPresent()) {
            try {
                pattern = Pattern.compile(patternText.get());
            } catch (PatternSyntaxException ex) {
                problem(line(e.get("pattern")), "pattern of `" + name + "` is not a valid regular expression: "
                        + ex.getDescription());
            }
        }
        Long min = bound(command, name, type.get(), e, "min");
        Long max = bound(command, name, type.get(), e, "max");
        if (min != null && max != null && min > max) {
            problem(line(e.get("min")), "`min` of `" + name + "` in `" + command + "` is larger than its `max`");
        }
        String def = scalar(e, "default").orElse(null);
        if (def != null) {
            checkDefault(command, name, type.get(), def, choices, line(e.get("default")));
            if (type.get() == ArgType.INT && def.matches("-?\\d{1,18}")
                    && ((min != null && Long.parseLong(def) < min) || (max != null && Long.parseLong(def) > max))) {
                problem(line(e.get("default")), "default `" + def + "` of `" + name + "` in `" + command
                        + "` is outside its `min` and `max`");
            }
        }
        if (problems.size() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new ArgSpec(name, type.get(), bool(e, "required", false), def, choices, pattern,
                scalar(e, "target").orElse(null), scalar(e, "help").orElse(""), min, max));
    }

    /** The {@code min} or {@code max} of an {@code int} argument, or null when absent or wrong (a problem is noted). */
    private Long bound(String command, String name, ArgType type, Map<String, Node> e, String key) {
        Optional<String> text = scalar(e, key);
        if (text.isEmpty()) {
            return null;
        }
        if (type != ArgType.INT || !text.get().matches("-?\\d{1,18}")) {
            problem(line(e.get(key)), "`" + key + "` of `" + name + "` in `" + command
                    + "` must be a whole number, and only an int argument may have one");
            return null;
        }
        return Long.parseLong(text.get());
    }

    private void checkDefault(String command, String name, ArgType type, String def, List<String> choices, int at) {
        boolean ok = switch (type) {
            case INT -> def.matches("-?\\d{1,18}");
            case DURATION -> Durations.parse(def).isPresent();
            case BOOL -> Set.of("true", "false").contains(def);
            case ENUM -> choices.contains(def.toLowerCase(Locale.ROOT));
            default -> true;
        };
        if (!ok) {
            problem(at, "default `" + def + "` of `" + name + "` in `" + command + "` is not a valid " + type.id());
        }
    }

    // ---- YAML node helpers ---------------------------------------------------------------------

    private Map<String, Node> entries(MappingNode map) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t.getValueNode());
            } else {
                problem(line(t.getKeyNode()), "keys must be plain words");
            }
        }
        return out;
    }

    private Optional<String> scalar(Map<String, Node> e, String key) {
        Node n = e.get(key);
        if (n == null) {
            return Optional.empty();
        }
        if (n instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problem(line(n), "`" + key + "` must be a single value");
        return Optional.empty();
    }

    private boolean bool(Map<String, Node> e, String key, boolean fallback) {
        Optional<String> v = scalar(e, key);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().equals("true") || v.get().equals("false")) {
            return Boolean.parseBoolean(v.get());
        }
        problem(line(e.get(key)), "`" + key + "` must be true or false");
        return fallback;
    }

    private int integer(Map<String, Node> e, String key, int fallback) {
        Optional<String> v = scalar(e, key);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().matches("\\d{1,6}")) {
            return Integer.parseInt(v.get());
        }
        problem(line(e.get(key)), "`" + key + "` must be a whole number");
        return fallback;
    }

    private Optional<Duration> duration(Map<String, Node> e, String key) {
        Optional<String> v = scalar(e, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(v.get());
        if (d.isEmpty()) {
            problem(line(e.get(key)), "`" + key + "` must be a duration like 30s, 15m or 1h");
        }
        return d;
    }

    private List<String> strings(Map<String, Node> e, String key) {
        Node n = e.get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    out.add(s.getValue());
                } else {
                    problem(line(item), "`" + key + "` must be a list of plain values");
                }
            }
            return out;
        }
        problem(line(n), "`" + key + "` must be a list");
        return List.of();
    }

    private static List<ScalarNode> scalars(Node n) {
        List<ScalarNode> out = new ArrayList<>();
        if (n instanceof ScalarNode s) {
            out.add(s);
        } else if (n instanceof SequenceNode seq) {
            seq.getValue().forEach(x -> out.addAll(scalars(x)));
        } else if (n instanceof MappingNode m) {
            m.getValue().forEach(t -> out.addAll(scalars(t.getValueNode())));
        }
        return out;
    }

    /** A node as plain Java values (String, List, Map) for a kind's settings. */
    private static Object plain(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        if (n instanceof SequenceNode seq) {
            return seq.getValue().stream().map(CommandFileReader::plain).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    out.put(k.getValue(), plain(t.getValueNode()));
                }
            }
        }
        return out;
    }

    private static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
        problems.add(new ConfigProblem(file, line, message));
    }
}
