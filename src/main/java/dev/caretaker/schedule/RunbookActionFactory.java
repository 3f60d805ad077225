package dev.caretaker.schedule;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.ArgType;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.Parser;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.command.Tokenizer;
import dev.caretaker.command.UsageException;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.security.RolesConfig;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kind: runbook}: several commands run as one, each through the whole pipeline under the runbook's request id
 * (see {@link Runbook} for the steps). Checked at start-up and on reload against the whole command set: every step
 * names a command that exists and is not itself a runbook; none needs another person's approval; a step that asks to
 * be confirmed needs the runbook to ask ({@code confirm: true}), whose one confirmation then covers it.
 */
@Singleton
public final class RunbookActionFactory implements ActionFactory {

    public static final String KIND = "runbook";

    private final Provider<Dispatcher> dispatcher;
    private final RunbookPrompts prompts;
    private final TaskScheduler scheduler;
    private final TargetCatalog targets;
    private final RolesConfig roles;
    private final RoleResolver resolver;

    /** @param dispatcher a provider: the dispatcher needs the command catalogue, which needs this factory */
    public RunbookActionFactory(Provider<Dispatcher> dispatcher, RunbookPrompts prompts,
                                @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                                Optional<TargetCatalog> targets, RolesConfig roles,
                                RoleResolver resolver) {
        this.resolver = resolver;
        this.dispatcher = dispatcher;
        this.roles = roles;
        this.prompts = prompts;
        this.scheduler = scheduler;
        this.targets = targets.orElse(TargetCatalog.NONE);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        Runbook.read(spec.action().settings(), durationArgs(spec), problems);
        return problems;
    }

    @Override
    public List<String> validate(CommandSpec spec, CommandRegistry commands) {
        List<String> problems = new ArrayList<>();
        Optional<Runbook> runbook = Runbook.read(spec.action().settings(), durationArgs(spec), problems);
        if (runbook.isEmpty()) {
            return problems;
        }
        Parser parser = new Parser(commands, targets);
        for (String line : runbook.get().lines()) {
            Optional<CommandSpec> step = command(line, commands);
            if (step.isEmpty()) {
                problems.add(RunbookMessages.stepUnknownCommand(line));
                continue;
            }
            CommandSpec c = step.get();
            if (c.action().kind().equals(KIND)) {
                problems.add(RunbookMessages.stepIsRunbook(line, c.name()));
            } else if (c.needsApproval()) {
                problems.add(RunbookMessages.stepNeedsApproval(line, c.name()));
            } else if (c.confirm() && !spec.confirm()) {
                problems.add(RunbookMessages.stepNeedsConfirmation(line, c.name()));
            } else if (!Runbook.hasPlaceholder(line)) {
                try {
                    parser.parse(line);
                } catch (UsageException e) {
                    problems.add(RunbookMessages.stepUnusable(line, e.getMessage()));
                }
            }
        }
        for (Runbook.Step s : runbook.get().steps()) {
            if (s instanceof Runbook.Step.Ask ask && ask.role() != null && !roles.knownRoles().contains(ask.role())) {
                problems.add(RunbookMessages.askUnknownRole(ask.role(), roles.knownRoles()));
            }
        }
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        Runbook runbook = Runbook.read(spec.action().settings(), durationArgs(spec), problems)
                .orElseThrow(() -> new IllegalArgumentException(String.join(" ", problems)));
        return context -> new RunbookRun(runbook, context, dispatcher.get(), prompts, resolver, scheduler).run();
    }

    /**
     * The command a step's line names: two words, else one, as the parser finds them. Placeholders stand for one word
     * each and never name the command.
     */
    static Optional<CommandSpec> command(String line, CommandRegistry commands) {
        List<String> words;
        try {
            words = Tokenizer.split(line.replaceAll("\\{[a-z][a-z0-9_-]*}", "x"));
        } catch (UsageException e) {
            return Optional.empty();
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        if (words.size() >= 2) {
            Optional<CommandSpec> two = commands.find(first + " " + words.get(1).toLowerCase(Locale.ROOT));
            if (two.isPresent()) {
                return two;
            }
        }
        return commands.find(first);
    }

    private static Set<String> durationArgs(CommandSpec spec) {
        return spec.args().stream().filter(a -> a.type() == ArgType.DURATION).map(ArgSpec::name)
                .collect(Collectors.toSet());
    }
}
