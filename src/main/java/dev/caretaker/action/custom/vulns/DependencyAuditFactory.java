package dev.caretaker.action.custom.vulns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionMessages;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.custom.ProcessRun;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * {@code kind: dependency-audit}: runs {@code npm audit --json} and, when it is installed, {@code pip-audit -f json}
 * (argv only, in the configured directories) and answers with their findings counted by severity and the worst few
 * named. Settings: {@code npm: {workdir}} and/or {@code pip: {workdir, requirements}}. Found vulnerabilities are a
 * result, not a failure; a tool that cannot check (no lock file, no network) is.
 */
@Singleton
public final class DependencyAuditFactory implements ActionFactory {

    public static final String KIND = "dependency-audit";
    /** The audit JSON of a large project is a few MB; more is not an audit report. */
    static final int MAX_JSON_BYTES = 32 * 1024 * 1024;
    static final int WORST_SHOWN = 10;
    private static final Logger LOG = LoggerFactory.getLogger(DependencyAuditFactory.class);
    private static final Pattern REQUIREMENTS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}");

    /** One tool to run: where, and for pip, which requirements file (null: the environment pip-audit runs in). */
    record Tool(String name, Path workdir, String requirements) {
    }

    private final Programs programs;
    private final ObjectMapper json;
    private final ExecutorService readers;

    public DependencyAuditFactory(Programs programs, ObjectMapper json,
                                  @Named(TaskExecutors.BLOCKING) ExecutorService readers) {
        this.programs = programs;
        this.json = json;
        this.readers = readers;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        tools(spec, problems);
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        List<Tool> tools = tools(spec, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        return context -> audit(spec, tools);
    }

    private static List<Tool> tools(CommandSpec spec, List<String> problems) {
        Map<String, Object> s = spec.action().settings();
        for (String key : s.keySet()) {
            if (!key.equals("npm") && !key.equals("pip")) {
                problems.add(DependencyAuditMessages.unknownSetting(key));
            }
        }
        if (!spec.args().isEmpty()) {
            problems.add(DependencyAuditMessages.noArgs());
        }
        List<Tool> tools = new ArrayList<>();
        for (String name : List.of("npm", "pip")) {
            Object raw = s.get(name);
            if (raw == null) {
                continue;
            }
            if (!(raw instanceof Map<?, ?> m)) {
                problems.add(DependencyAuditMessages.notAMapping(name));
                continue;
            }
            List<String> keys = name.equals("npm") ? List.of("workdir") : List.of("workdir", "requirements");
            m.keySet().stream().map(String::valueOf).filter(k -> !keys.contains(k))
                    .forEach(k -> problems.add(DependencyAuditMessages.unknownKey(name, k, keys)));
            String workdir = m.get("workdir") == null ? "" : String.valueOf(m.get("workdir")).strip();
            if (!workdir.startsWith("/") || workdir.contains("\0")) {
                problems.add(DependencyAuditMessages.workdir(name));
                continue;
            }
            String requirements = m.get("requirements") == null ? null : String.valueOf(m.get("requirements")).strip();
            if (requirements != null && (!REQUIREMENTS.matcher(requirements).matches() || requirements.contains(".."))) {
                problems.add(DependencyAuditMessages.requirements());
                continue;
            }
            tools.add(new Tool(name, Path.of(workdir), requirements));
        }
        if (tools.isEmpty() && problems.isEmpty()) {
            problems.add(DependencyAuditMessages.nothingToAudit());
        }
        return tools;
    }

    private ActionResult audit(CommandSpec spec, List<Tool> tools) throws InterruptedException {
        List<Findings> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Tool tool : tools) {
            List<String> argv = tool.name().equals("npm") ? List.of("npm", "audit", "--json")
                    : tool.requirements() == null ? List.of("pip-audit", "--format=json", "--progress-spinner=off")
                    : List.of("pip-audit", "--format=json", "--progress-spinner=off", "--requirement=" + tool.requirements());
            if (tool.name().equals("pip") && programs.find("pip-audit").isEmpty()) {
                notes.add(DependencyAuditMessages.pipMissing());
                continue;
            }
            if (!java.nio.file.Files.isDirectory(tool.workdir())) {
                return ActionResult.failed(DependencyAuditMessages.workdirMissing(tool.name(), tool.workdir().toString()));
            }
            // each tool may take the whole timeout of the command; the pipeline's own timeout still bounds the sum
            Duration timeout = spec.timeout();
            ProcessRun.Spec run = new ProcessRun.Spec(argv, timeout, MAX_JSON_BYTES, ProcessRun.Keep.FIRST, Map.of(),
                    tool.workdir(), true);
            ProcessRun.Result.Finished done;
            switch (ProcessRun.run(programs, run, readers)) {
                case ProcessRun.Result.CannotStart c -> {
                    return ActionResult.failed(DependencyAuditMessages.cannotStart(c.program()));
                }
                case ProcessRun.Result.TimedOut t -> {
                    return ActionResult.failed(ActionMessages.timedOut(spec.name(), timeout));
                }
                case ProcessRun.Result.Finished f -> done = f;
            }
            Optional<JsonNode> root = parse(done);
            if (root.isEmpty()) {
                LOG.warn("{} audit answered no JSON (exit {}): {}", tool.name(), done.exitCode(), done.errorText());
                return ActionResult.failed(DependencyAuditMessages.notJson(tool.name(), done.exitCode()));
            }
            if (tool.name().equals("npm")) {
                NpmAudit.Read read = NpmAudit.read(root.get(), WORST_SHOWN);
                if (read.complaint().isPresent() || read.findings().isEmpty()) {
                    return ActionResult.failed(DependencyAuditMessages.complaint("npm",
                            read.complaint().orElse(DependencyAuditMessages.notJson("npm", done.exitCode()))));
                }
                found.add(read.findings().get());
            } else {
                Optional<Findings> pip = PipAudit.read(root.get(), WORST_SHOWN);
                if (pip.isEmpty()) {
                    return ActionResult.failed(DependencyAuditMessages.notJson("pip", done.exitCode()));
                }
                found.add(pip.get());
                notes.add(DependencyAuditMessages.pipUnrated());
            }
        }
        return ActionResult.ok(summary(found, notes));
    }

    private Optional<JsonNode> parse(ProcessRun.Result.Finished done) {
        if (done.truncated() || done.output().length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode root = json.readTree(done.output());
            return root == null || root.isMissingNode() ? Optional.empty() : Optional.of(root);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Reply summary(List<Findings> found, List<String> notes) {
        long critical = found.stream().mapToLong(f -> f.count("critical")).sum();
        long high = found.stream().mapToLong(f -> f.count("high")).sum();
        long total = found.stream().mapToLong(Findings::total).sum();
        long unrated = found.stream().mapToLong(Findings::unrated).sum();
        List<List<String>> rows = new ArrayList<>();
        for (Findings f : found) {
            List<String> row = new ArrayList<>();
            row.add(DependencyAuditMessages.toolName(f.tool()));
            for (String severity : Findings.SEVERITIES) {
                row.add(Long.toString(f.count(severity)));
            }
            row.add(Long.toString(f.unrated()));
            row.add(Long.toString(f.total()));
            rows.add(row);
        }
        Reply.Builder reply = Reply.builder()
                .header(DependencyAuditMessages.header(total, critical, high))
                .severity(critical > 0 ? Severity.CRITICAL : high > 0 || unrated > 0 ? Severity.WARN : Severity.OK);
        if (!rows.isEmpty()) {
            reply.table(DependencyAuditMessages.columns(), rows);
        }
        List<String> worst = found.stream().flatMap(f -> f.worst().stream()).toList();
        if (!worst.isEmpty()) {
            reply.text(DependencyAuditMessages.worstHeading());
            reply.code(String.join("\n", worst) + "\n");
        }
        if (!notes.isEmpty()) {
            reply.footer(String.join(" ", notes));
        }
        return reply.build();
    }
}
