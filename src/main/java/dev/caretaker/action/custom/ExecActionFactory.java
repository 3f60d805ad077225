package dev.caretaker.action.custom;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionMessages;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Argv;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code kind: exec}: runs a fixed program with an argv template, never through a shell. Values fill
 * whole argv elements or parts of them, and a value that starts with {@code -} is refused so it cannot
 * smuggle in an option; {@code env} values may hold placeholders too (checked the same way). Output (stdout and
 * stderr) is captured up to a limit; the pipeline redacts it.
 */
@Singleton
public final class ExecActionFactory implements ActionFactory {

    /** More than any reply can show; the rest is dropped and the reply says so. */
    public static final int MAX_OUTPUT_BYTES = 1_000_000;
    private static final List<String> KEYS = List.of("argv", "env", "workdir");

    /** Output readers: Micronaut's blocking executor, a virtual thread per running command. */
    private final ExecutorService readers;
    private final Programs programs;

    @Inject
    public ExecActionFactory(@Named(TaskExecutors.BLOCKING) ExecutorService readers, Programs programs) {
        this.readers = readers;
        this.programs = programs;
    }

    /** Programs found on the {@code PATH} Caretaker was started with. */
    public ExecActionFactory(ExecutorService readers) {
        this(readers, Programs.inherited());
    }

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        Map<String, Object> s = spec.action().settings();
        List<String> problems = new ArrayList<>(SettingKeys.unknown("exec", s, KEYS));
        if (!(s.get("argv") instanceof List<?> argv) || argv.isEmpty()
                || !argv.stream().allMatch(String.class::isInstance)) {
            problems.add("`argv` must be a list of strings, the program first, e.g. [df, -h, \"{path}\"]");
            return problems;
        }
        if (Templates.hasPlaceholder((String) argv.get(0))) {
            problems.add("the program (first element of `argv`) must be fixed, not a placeholder");
        }
        // a shell would read its arguments as a command line: a value with `;` or `$(...)` would run as code
        Argv.shellUse(argv.stream().map(String.class::cast).toList()).ifPresent(use ->
                problems.add("`argv` must run the program itself, never a shell (" + use + "): name the program and "
                        + "its arguments, e.g. [systemctl, restart, \"{service}\"]"));
        if (s.containsKey("env") && !(s.get("env") instanceof Map<?, ?>)) {
            problems.add("`env` must be a mapping of NAME: value");
        }
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        List<String> template = ((List<?>) spec.action().settings().get("argv")).stream().map(String.class::cast).toList();
        Object env = spec.action().settings().get("env");
        Object workdir = spec.action().settings().get("workdir");
        return context -> {
            for (String name : context.args().asMap().keySet()) {
                if (context.args().display(name).startsWith("-")) {
                    return ActionResult.failed(CustomMessages.execOptionLike(name));
                }
            }
            List<String> argv = template.stream().map(t -> Templates.fill(t, context.args(), v -> v)).toList();
            Map<String, String> environment = new LinkedHashMap<>();
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> environment.put(String.valueOf(k),
                        Templates.fill(String.valueOf(v), context.args(), x -> x)));
            }
            ProcessRun.Spec run = new ProcessRun.Spec(argv, spec.timeout(), MAX_OUTPUT_BYTES, ProcessRun.Keep.FIRST,
                    environment, workdir == null ? null : Path.of(workdir.toString()));
            return switch (ProcessRun.run(programs, run, readers)) {
                case ProcessRun.Result.CannotStart c -> ActionResult.failed(CustomMessages.execCannotStart(c.program()));
                case ProcessRun.Result.TimedOut t -> ActionResult.failed(ActionMessages.timedOut(spec.name(), spec.timeout()));
                case ProcessRun.Result.Finished f -> {
                    int code = f.exitCode();
                    String text = f.text() + (f.truncated() ? "\n" + CustomMessages.outputTruncated(MAX_OUTPUT_BYTES) : "");
                    Reply reply = Reply.builder()
                            .header(CustomMessages.execHeader(String.join(" ", argv), code))
                            .severity(code == 0 ? Severity.OK : Severity.WARN)
                            .code(text.isBlank() ? CustomMessages.noOutput() : text)
                            .build();
                    yield code == 0 ? ActionResult.ok(reply) : new ActionResult.Failed(reply);
                }
            };
        };
    }
}
