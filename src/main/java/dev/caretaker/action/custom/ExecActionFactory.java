package dev.caretaker.action.custom;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionMessages;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code kind: exec}: runs a fixed program with an argv template, never through a shell. Values fill
 * whole argv elements or parts of them, and a value that starts with {@code -} is refused so it cannot
 * smuggle in an option. Output (stdout and stderr) is captured up to a limit; the pipeline redacts it.
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
            Optional<ProcessBuilder> found = programs.builder(argv);
            if (found.isEmpty()) {
                return ActionResult.failed(CustomMessages.execCannotStart(argv.get(0)));
            }
            ProcessBuilder pb = found.get().redirectErrorStream(true);
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> pb.environment().put(String.valueOf(k), String.valueOf(v)));
            }
            if (workdir != null) {
                pb.directory(new java.io.File(workdir.toString()));
            }
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                return ActionResult.failed(CustomMessages.execCannotStart(argv.get(0)));
            }
            try {
                process.getOutputStream().close();
                CompletableFuture<Captured> out = CompletableFuture.supplyAsync(() -> capture(process.getInputStream()),
                        readers);
                if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    return ActionResult.failed(ActionMessages.timedOut(spec.name(), spec.timeout()));
                }
                int code = process.exitValue();
                Captured captured = out.get(5, TimeUnit.SECONDS);
                String text = captured.text()
                        + (captured.truncated() ? "\n" + CustomMessages.outputTruncated(MAX_OUTPUT_BYTES) : "");
                Reply reply = Reply.builder()
                        .header(CustomMessages.execHeader(String.join(" ", argv), code))
                        .severity(code == 0 ? Severity.OK : Severity.WARN)
                        .code(text.isBlank() ? CustomMessages.noOutput() : text)
                        .build();
                return code == 0 ? ActionResult.ok(reply) : new ActionResult.Failed(reply);
            } finally {
                // Also runs when the pipeline's timeout interrupts us: nothing the command started outlives it.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        };
    }

    private record Captured(String text, boolean truncated) {
    }

    /** Reads all output, keeping the first {@link #MAX_OUTPUT_BYTES}; reading on keeps the process from blocking. */
    private static Captured capture(InputStream in) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean truncated = false;
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                int room = MAX_OUTPUT_BYTES - kept.size();
                if (room > 0) {
                    kept.write(buf, 0, Math.min(room, n));
                }
                truncated |= n > room;
            }
        } catch (IOException e) {
            // The process was stopped while we read; keep what arrived.
        }
        return new Captured(kept.toString(StandardCharsets.UTF_8), truncated);
    }
}
