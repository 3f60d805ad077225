package dev.caretaker.action.custom.logs;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionMessages;
import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.ArgType;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.security.Redactor;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code kind: logs}: {@code logs <service> [lines=100] [grep=<pattern>] [since=15m]} over the sources declared under
 * {@code sources:} (Kubernetes, Docker, journald, a file). Settings: {@code sources} (required), {@code max-lines}
 * (the most lines a reply shows, default {@value #DEFAULT_MAX_LINES}) and {@code scan-lines} (how many of the newest
 * lines {@code grep} searches, default {@value #DEFAULT_SCAN_LINES}).
 */
@Singleton
public final class LogsActionFactory implements ActionFactory {

    public static final String KIND = "logs";
    static final int DEFAULT_MAX_LINES = 1000;
    static final int DEFAULT_SCAN_LINES = 10_000;
    static final int MAX_SCAN_LINES = 100_000;
    private static final List<String> KEYS = List.of("sources", "max-lines", "scan-lines");
    private static final Map<String, ArgType> ARGS = Map.of("service", ArgType.STRING, "lines", ArgType.INT,
            "grep", ArgType.STRING, "since", ArgType.DURATION);

    /** A declaration read and checked. */
    record Declared(Map<String, LogSource> sources, int maxLines, int scanLines) {
    }

    private final Programs programs;
    private final Redactor redactor;
    private final ExecutorService readers;

    public LogsActionFactory(Programs programs, Redactor redactor,
                             @Named(TaskExecutors.BLOCKING) ExecutorService readers) {
        this.programs = programs;
        this.redactor = redactor;
        this.readers = readers;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        read(spec, problems);
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        Declared declared = read(spec, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        return new LogsAction(declared, programs, redactor, readers);
    }

    private static Declared read(CommandSpec spec, List<String> problems) {
        Map<String, Object> s = spec.action().settings();
        for (String key : s.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(LogsMessages.unknownSetting(key));
            }
        }
        Map<String, LogSource> sources = new LinkedHashMap<>();
        if (!(s.get("sources") instanceof Map<?, ?> declared) || declared.isEmpty()) {
            problems.add(LogsMessages.sourcesMissing());
        } else {
            declared.forEach((name, source) -> {
                String service = String.valueOf(name);
                if (!LogSource.SERVICE.matcher(service).matches()) {
                    problems.add(LogsMessages.sourceName(service));
                    return;
                }
                LogSource parsed = LogSource.parse(service, source, problems);
                if (parsed != null) {
                    sources.put(service, parsed);
                }
            });
        }
        int maxLines = number(s, "max-lines", DEFAULT_MAX_LINES, 1, 10_000, problems);
        int scanLines = number(s, "scan-lines", Math.max(DEFAULT_SCAN_LINES, maxLines), maxLines, MAX_SCAN_LINES,
                problems);
        checkArgs(spec, s.get("sources") instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList()
                : List.of(), problems);
        return new Declared(Map.copyOf(sources), maxLines, scanLines);
    }

    /** The arguments: a required {@code service}, and {@code lines}, {@code grep}, {@code since} of their types. */
    private static void checkArgs(CommandSpec spec, List<String> sourceNames, List<String> problems) {
        Optional<ArgSpec> service = spec.arg("service");
        if (service.isEmpty() || !service.get().required()) {
            problems.add(LogsMessages.serviceArgMissing());
        }
        for (ArgSpec a : spec.args()) {
            ArgType wanted = ARGS.get(a.name());
            if (wanted == null) {
                problems.add(LogsMessages.argUnknown(a.name()));
            } else if (a.name().equals("service")) {
                if (!List.of(ArgType.STRING, ArgType.ENUM, ArgType.PATTERN).contains(a.type())) {
                    problems.add(LogsMessages.argType(a.name(), "enum, string or pattern"));
                }
                for (String choice : a.choices()) {
                    if (!sourceNames.isEmpty() && !sourceNames.contains(choice)) {
                        problems.add(LogsMessages.choiceWithoutSource(choice));
                    }
                }
            } else if (a.type() != wanted) {
                problems.add(LogsMessages.argType(a.name(), wanted.id()));
            }
        }
    }

    private static int number(Map<String, Object> s, String key, int fallback, int min, int max, List<String> problems) {
        Object v = s.get(key);
        if (v == null) {
            return fallback;
        }
        String text = String.valueOf(v).strip();
        if (!text.matches("\\d{1,6}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            problems.add(LogsMessages.settingNumber(key, min, max));
            return fallback;
        }
        return Integer.parseInt(text);
    }

    /** The timeout sentence the pipeline also uses, for a program stopped at the command's timeout. */
    static String timedOut(CommandSpec spec) {
        return ActionMessages.timedOut(spec.name(), spec.timeout());
    }
}
