package dev.caretaker.pipeline;

import dev.caretaker.command.ConfigProblem;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration or a command file is wrong; boot stops and {@code check-config} exits 3 listing each problem. */
public final class ConfigurationProblems extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public ConfigurationProblems(List<ConfigProblem> problems) {
        super(problems.size() + " configuration problem" + (problems.size() == 1 ? "" : "s") + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
