package dev.caretaker.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns {@code /ops}-style text into a {@link ParsedCommand}: finds the command (two words, then one),
 * assigns positional and {@code key=value} args, converts them to their types and applies defaults.
 * Every failure is a {@link UsageException} with one sentence and the command's usage; nothing else escapes.
 */
public final class Parser {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,40}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");

    private final CommandRegistry registry;
    private final TargetCatalog targets;

    public Parser(CommandRegistry registry, TargetCatalog targets) {
        this.registry = registry;
        this.targets = targets;
    }

    /** Parses a line, or binds a command the platform already parsed to its arguments (with the same checks). */
    public ParsedCommand parse(CommandInput input) throws UsageException {
        return switch (input) {
            case CommandInput.Text text -> parse(text.line());
            case CommandInput.Parsed parsed -> bindNamed(parsed);
        };
    }

    public ParsedCommand parse(String line) throws UsageException {
        List<String> words = Tokenizer.split(line == null ? "" : line.strip());
        if (!words.isEmpty() && words.get(0).startsWith("/")) {
            words = words.subList(1, words.size());
        }
        if (words.isEmpty()) {
            throw new UsageException(CommandMessages.emptyCommand());
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        CommandSpec command = null;
        int consumed = 0;
        if (words.size() >= 2) {
            command = registry.find(first + " " + words.get(1).toLowerCase(Locale.ROOT)).orElse(null);
            consumed = 2;
        }
        if (command == null) {
            command = registry.find(first).orElse(null);
            consumed = 1;
        }
        if (command == null) {
            Optional<CommandSpec> fallback = registry.groupDefault(first);
            if (fallback.isEmpty()) {
                throw unknown(words, first);
            }
            // `oncall primary` is `oncall show primary`; words that do not fit it were more likely a mistyped verb
            try {
                return new ParsedCommand(fallback.get(), bind(fallback.get(), words.subList(1, words.size())));
            } catch (UsageException e) {
                throw unknown(words, first);
            }
        }
        return new ParsedCommand(command, bind(command, words.subList(consumed, words.size())));
    }

    private UsageException unknown(List<String> words, String first) {
        List<CommandSpec> group = registry.inGroup(first);
        if (!group.isEmpty()) {
            String verb = words.size() >= 2 ? words.get(1) : null;
            List<String> verbs = group.stream().map(CommandSpec::verb).toList();
            if (verb == null) {
                return new UsageException(CommandMessages.groupNeedsVerb(first, verbs));
            }
            List<String> close = registry.closest(first + " " + verb.toLowerCase(Locale.ROOT), 3);
            return new UsageException(CommandMessages.unknownVerb(first, verb, verbs, close));
        }
        String typed = words.size() >= 2 ? first + " " + words.get(1) : first;
        List<String> close = new ArrayList<>(registry.closest(typed, 3));
        for (String c : registry.closest(first, 3)) {
            if (!close.contains(c)) {
                close.add(c);
            }
        }
        return new UsageException(CommandMessages.unknownCommand(first, close.subList(0, Math.min(3, close.size()))));
    }

    private ParsedCommand bindNamed(CommandInput.Parsed input) throws UsageException {
        String name = input.command().strip().toLowerCase(Locale.ROOT);
        CommandSpec command = registry.find(name).orElse(null);
        if (command == null) {
            throw unknown(List.of(name.split("\\s+")), name.split("\\s+")[0]);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        for (Map.Entry<String, Object> option : input.args().entrySet()) {
            String key = option.getKey().toLowerCase(Locale.ROOT);
            if (command.arg(key).isEmpty()) {
                throw unknownArg(command, key);
            }
            raw.put(key, String.valueOf(option.getValue()));
        }
        return new ParsedCommand(command, typed(command, raw));
    }

    private static UsageException unknownArg(CommandSpec command, String key) {
        return new UsageException(CommandMessages.unknownArg(command.name(), command.usage(), key,
                command.args().stream().map(ArgSpec::name).toList()), command);
    }

    private Args bind(CommandSpec command, List<String> words) throws UsageException {
        Map<String, String> raw = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            String key = eq > 0 ? w.substring(0, eq).toLowerCase(Locale.ROOT) : null;
            if (key != null && KEY.matcher(key).matches()) {
                if (command.arg(key).isEmpty()) {
                    throw unknownArg(command, key);
                }
                if (raw.put(key, w.substring(eq + 1)) != null) {
                    throw new UsageException(CommandMessages.repeatedArg(command.usage(), key), command);
                }
            } else {
                positional.add(w);
            }
        }
        int next = 0;
        for (ArgSpec a : command.args()) {
            if (next >= positional.size()) {
                break;
            }
            if (!raw.containsKey(a.name())) {
                if (a.type() == ArgType.TEXT) {
                    raw.put(a.name(), String.join(" ", positional.subList(next, positional.size())));
                    next = positional.size();
                } else {
                    raw.put(a.name(), positional.get(next++));
                }
            }
        }
        if (next < positional.size()) {
            throw new UsageException(CommandMessages.tooManyArgs(command.name(), command.usage(), positional.get(next)), command);
        }
        return typed(command, raw);
    }

    /** Converts each named value to its type, fills in defaults and refuses what is missing. */
    private Args typed(CommandSpec command, Map<String, String> raw) throws UsageException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ArgSpec a : command.args()) {
            String text = raw.get(a.name());
            if (text == null && a.type() == ArgType.TARGET) {
                text = defaultTarget(a).orElse(null);
            }
            if (text == null) {
                text = a.defaultValue();
            }
            if (text == null) {
                if (a.required()) {
                    throw new UsageException(CommandMessages.missingArg(command.name(), command.usage(), a.name()), command);
                }
                continue;
            }
            values.put(a.name(), convert(command, a, text));
        }
        return new Args(values);
    }

    /** Whether every character can reach a program's argv or a bound parameter unchanged: no NUL, no lone surrogate. */
    private static boolean passable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String outOfRange(CommandSpec command, ArgSpec a, String text) {
        if (a.min() == null && a.max() == null) {
            return CommandMessages.numberTooLarge(command.usage(), a.name(), text);
        }
        return CommandMessages.notInRange(command.usage(), a.name(), a.min(), a.max(), text);
    }

    private Optional<String> defaultTarget(ArgSpec a) {
        Set<String> names = targets.names(a.targetType());
        return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
    }

    private Object convert(CommandSpec command, ArgSpec a, String text) throws UsageException {
        if (!passable(text)) {
            // neither an argv (the OS ends it at a NUL) nor PostgreSQL's text takes these: the action would get
            // something else than was typed, or fail with a misleading reason
            throw new UsageException(CommandMessages.unpassableCharacter(command.usage(), a.name()), command);
        }
        switch (a.type()) {
            case INT -> {
                if (!WHOLE_NUMBER.matcher(text).matches()) {
                    throw new UsageException(CommandMessages.notAWholeNumber(command.usage(), a.name(), a.defaultValue(), text), command);
                }
                long value;
                try {
                    value = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    // It is a whole number, only too many digits for a long: say so, not "not a number".
                    throw new UsageException(outOfRange(command, a, text), command);
                }
                if (!a.inRange(value)) {
                    throw new UsageException(outOfRange(command, a, text), command);
                }
                return value;
            }
            case DURATION -> {
                Optional<Duration> d = Durations.parse(text.toLowerCase(Locale.ROOT));
                if (d.isEmpty() && Durations.isWellFormed(text.toLowerCase(Locale.ROOT))) {
                    throw new UsageException(CommandMessages.durationTooLong(command.usage(), a.name(),
                            Durations.format(Durations.MAX), text), command);
                }
                if (d.isEmpty()) {
                    throw new UsageException(CommandMessages.notADuration(command.usage(), a.name(), text), command);
                }
                return d.get();
            }
            case BOOL -> {
                String t = text.toLowerCase(Locale.ROOT);
                if (Set.of("true", "yes", "on", "1").contains(t)) {
                    return Boolean.TRUE;
                }
                if (Set.of("false", "no", "off", "0").contains(t)) {
                    return Boolean.FALSE;
                }
                throw new UsageException(CommandMessages.notABoolean(command.usage(), a.name(), text), command);
            }
            case ENUM -> {
                String t = text.toLowerCase(Locale.ROOT);
                if (!a.choices().contains(t)) {
                    throw new UsageException(CommandMessages.notAChoice(command.usage(), a.name(), a.choices(), text), command);
                }
                return t;
            }
            case PATTERN -> {
                if (a.pattern() != null && !a.pattern().matcher(text).matches()) {
                    throw new UsageException(CommandMessages.doesNotMatch(command.usage(), a.name(), a.pattern().pattern(), a.help(), text), command);
                }
                return text;
            }
            case TARGET -> {
                Set<String> names = targets.names(a.targetType());
                if (!names.contains(text)) {
                    throw new UsageException(CommandMessages.unknownTarget(a.targetType(), text, names), command);
                }
                return text;
            }
            default -> {
                return text;
            }
        }
    }
}
