package dev.caretaker.schedule;

import dev.caretaker.command.Args;
import dev.caretaker.command.Durations;
import dev.caretaker.command.Tokenizer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code kind: runbook} declaration read into its steps: each a command line with {@code {arg}} placeholders
 * ({@code run}), a {@code pause}, a {@code wait-until} (retried until it succeeds or times out), a {@code watch}
 * (repeated for a while, failing at the first failure) or an {@code ask} (a Continue / Abort question to people with a
 * role), each with what to do when it fails; and the line a <b>Roll back</b> button runs afterwards.
 *
 * @param rollback    the command line the Roll back button of a finished runbook runs, if any
 * @param rollbackFor how long that button works
 */
record Runbook(List<Step> steps, Optional<String> rollback, Time rollbackFor) {

    static final List<String> KEYS = List.of("steps", "rollback", "rollback-for");
    private static final Set<String> STEP_KINDS = Set.of("run", "pause", "wait-until", "watch", "ask", "say");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_-]*)}");
    private static final Pattern ONE_PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_-]*)}");
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    static final Duration DEFAULT_ASK = Duration.ofMinutes(15);
    static final Duration DEFAULT_ROLLBACK_FOR = Duration.ofHours(1);

    /** What a failed step leads to. */
    sealed interface OnFailure {
        /** The runbook stops; later steps are skipped (the default). */
        record Stop() implements OnFailure {
        }

        /** The runbook goes on with the next step; it ends with a warning. */
        record Continue() implements OnFailure {
        }

        /** This command line runs (to undo or repair), then the runbook stops. */
        record Run(String line) implements OnFailure {
        }
    }

    /** A duration written in the file ({@code 5m}) or taken from one of the command's arguments ({@code "{watch}"}). */
    record Time(Duration fixed, String arg) {

        static Time of(Duration d) {
            return new Time(d, null);
        }

        Duration in(Args args) {
            return arg == null ? fixed : args.duration(arg).orElse(fixed);
        }
    }

    /** One step; {@code name} is an optional label shown instead of the command line. */
    sealed interface Step {
        Optional<String> name();

        OnFailure onFailure();

        record Run(Optional<String> name, String line, OnFailure onFailure) implements Step {
        }

        record Pause(Optional<String> name, Time length) implements Step {
            @Override
            public OnFailure onFailure() {
                return new OnFailure.Stop();
            }
        }

        record WaitUntil(Optional<String> name, String line, Time timeout, Time every, OnFailure onFailure)
                implements Step {
        }

        /** @param lines every round runs all of them; the first that fails fails the step */
        record Watch(Optional<String> name, List<String> lines, Time span, Time every, OnFailure onFailure)
                implements Step {
        }

        /** Runs nothing: a note in the list of steps (what to do by hand, or a step that is not there yet). */
        record Say(Optional<String> name, String text) implements Step {
            @Override
            public OnFailure onFailure() {
                return new OnFailure.Stop();
            }
        }

        /** @param role who may answer; null for the runbook's own role */
        record Ask(Optional<String> name, String question, String role, Time timeout) implements Step {
            @Override
            public OnFailure onFailure() {
                return new OnFailure.Stop();
            }
        }
    }

    /** Every command line the runbook may run: steps, their {@code on-failure} lines and the roll back line. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            switch (s) {
                case Step.Run r -> out.add(r.line());
                case Step.WaitUntil w -> out.add(w.line());
                case Step.Watch w -> out.addAll(w.lines());
                case Step.Pause p -> { }
                case Step.Ask a -> { }
                case Step.Say say -> { }
            }
            if (s.onFailure() instanceof OnFailure.Run r) {
                out.add(r.line());
            }
        }
        rollback.ifPresent(out::add);
        return out;
    }

    /**
     * The command line with each placeholder replaced by the argument's value, quoted so it stays one word (a value
     * can never add words or {@code key=value} pairs of its own); a missing optional argument leaves nothing.
     */
    static String fill(String template, Args args) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.has(m.group(1)) ? Tokenizer.quote(args.display(m.group(1))) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    static boolean hasPlaceholder(String line) {
        return PLACEHOLDER.matcher(line).find();
    }

    /**
     * Reads the settings of a runbook declaration; every problem is added to {@code problems} as one sentence and the
     * answer is empty when there was any. {@code durationArgs} are the command's arguments of type duration.
     */
    static Optional<Runbook> read(Map<String, Object> settings, Set<String> durationArgs, List<String> problems) {
        int before = problems.size();
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(RunbookMessages.unknownKey(key, KEYS));
            }
        }
        List<Step> steps = new ArrayList<>();
        Object raw = settings.get("steps");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(RunbookMessages.noSteps());
        } else {
            for (int i = 0; i < list.size(); i++) {
                step(i + 1, list.get(i), durationArgs, problems).ifPresent(steps::add);
            }
        }
        Optional<String> rollback = Optional.empty();
        Object rb = settings.get("rollback");
        if (rb instanceof String line && !line.isBlank()) {
            rollback = Optional.of(line.strip());
        } else if (rb != null) {
            problems.add(RunbookMessages.rollbackNotALine());
        }
        Time rollbackFor = time(settings.get("rollback-for"), DEFAULT_ROLLBACK_FOR, "rollback-for", 0, durationArgs,
                problems);
        return problems.size() > before ? Optional.empty() : Optional.of(new Runbook(steps, rollback, rollbackFor));
    }

    private static Optional<Step> step(int n, Object raw, Set<String> durationArgs, List<String> problems) {
        if (raw instanceof String line) {
            return line.isBlank() ? none(problems, RunbookMessages.emptyStep(n))
                    : Optional.of(new Step.Run(Optional.empty(), line.strip(), new OnFailure.Stop()));
        }
        if (!(raw instanceof Map<?, ?> m)) {
            return none(problems, RunbookMessages.stepShape(n));
        }
        Map<String, Object> e = new LinkedHashMap<>();
        m.forEach((k, v) -> e.put(String.valueOf(k), v));
        List<String> kinds = e.keySet().stream().filter(STEP_KINDS::contains).toList();
        if (kinds.size() != 1) {
            return none(problems, RunbookMessages.stepShape(n));
        }
        String kind = kinds.get(0);
        Set<String> allowed = switch (kind) {
            case "run" -> Set.of("run", "name", "on-failure");
            case "pause" -> Set.of("pause", "name");
            case "wait-until" -> Set.of("wait-until", "name", "timeout", "every", "on-failure");
            case "watch" -> Set.of("watch", "name", "for", "every", "on-failure");
            case "say" -> Set.of("say", "name");
            default -> Set.of("ask", "name", "role", "timeout");
        };
        int before = problems.size();
        for (String key : e.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(RunbookMessages.unknownStepKey(n, kind, key, allowed));
            }
        }
        Optional<String> name = text(e.get("name"));
        OnFailure onFailure = onFailure(n, e.get("on-failure"), problems);
        Step step = switch (kind) {
            case "run" -> new Step.Run(name, line(n, kind, e.get("run"), problems), onFailure);
            case "pause" -> new Step.Pause(name, time(e.get("pause"), null, "pause", n, durationArgs, problems));
            case "wait-until" -> new Step.WaitUntil(name, line(n, kind, e.get("wait-until"), problems),
                    time(e.get("timeout"), DEFAULT_WAIT, "timeout", n, durationArgs, problems),
                    time(e.get("every"), DEFAULT_EVERY, "every", n, durationArgs, problems), onFailure);
            case "watch" -> new Step.Watch(name, lines(n, e.get("watch"), problems),
                    time(e.get("for"), null, "for", n, durationArgs, problems),
                    time(e.get("every"), DEFAULT_EVERY, "every", n, durationArgs, problems), onFailure);
            case "say" -> new Step.Say(name, line(n, kind, e.get("say"), problems));
            default -> new Step.Ask(name, line(n, kind, e.get("ask"), problems), text(e.get("role")).orElse(null),
                    time(e.get("timeout"), DEFAULT_ASK, "timeout", n, durationArgs, problems));
        };
        return problems.size() > before ? Optional.empty() : Optional.of(step);
    }

    private static String line(int n, String kind, Object value, List<String> problems) {
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        problems.add(RunbookMessages.stepNeedsText(n, kind));
        return "";
    }

    /** One command line, or a list of them (a watch checks them all each round). */
    private static List<String> lines(int n, Object value, List<String> problems) {
        if (value instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(x -> x instanceof String s && !s.isBlank())) {
            return list.stream().map(x -> ((String) x).strip()).toList();
        }
        return List.of(line(n, "watch", value, problems));
    }

    private static OnFailure onFailure(int n, Object value, List<String> problems) {
        if (value == null || "stop".equals(value)) {
            return new OnFailure.Stop();
        }
        if ("continue".equals(value)) {
            return new OnFailure.Continue();
        }
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("run") instanceof String line && !line.isBlank()) {
            return new OnFailure.Run(line.strip());
        }
        problems.add(RunbookMessages.badOnFailure(n));
        return new OnFailure.Stop();
    }

    /**
     * A duration setting: a literal like {@code 30s}, or one placeholder naming a duration argument (its value when
     * given, else the argument's default). {@code fallback} null means the setting is required.
     */
    private static Time time(Object value, Duration fallback, String key, int n, Set<String> durationArgs,
                             List<String> problems) {
        if (value == null) {
            if (fallback == null) {
                problems.add(RunbookMessages.durationMissing(n, key));
                return Time.of(Duration.ZERO);
            }
            return Time.of(fallback);
        }
        String text = String.valueOf(value).strip();
        Matcher m = ONE_PLACEHOLDER.matcher(text);
        if (m.matches()) {
            if (!durationArgs.contains(m.group(1))) {
                problems.add(RunbookMessages.durationArgNotDuration(n, key, m.group(1)));
            }
            return new Time(fallback == null ? Duration.ZERO : fallback, m.group(1));
        }
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty() || d.get().isZero()) {
            problems.add(RunbookMessages.badDuration(n, key, text));
            return Time.of(Duration.ZERO);
        }
        return Time.of(d.get());
    }

    private static Optional<String> text(Object o) {
        return o == null || String.valueOf(o).isBlank() ? Optional.empty() : Optional.of(String.valueOf(o).strip());
    }

    private static <T> Optional<T> none(List<String> problems, String problem) {
        problems.add(problem);
        return Optional.empty();
    }
}
