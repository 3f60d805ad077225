package dev.caretaker.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way Caretaker starts a program: an argv handed to the operating system as it is, never a shell reading a
 * command line. Every child process (declared {@code exec} commands, log and audit programs, {@code pg_dump} and its
 * kin) is built here, so one check refuses {@code sh -c} and its kin wherever an argv comes from.
 */
public final class Argv {

    /** Programs that read a command line (or a script) and would run whatever text it holds. */
    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "csh", "tcsh", "fish",
            "busybox");
    /** {@code -c}, alone or in a cluster such as {@code -ec} or {@code -lc}. */
    private static final Pattern COMMAND_OPTION = Pattern.compile("-[A-Za-z]*c[A-Za-z]*");

    private Argv() {
    }

    /**
     * A process builder for {@code argv}.
     *
     * @throws IllegalArgumentException when the argv would run a shell ({@link #shellUse}); that is a bug or a
     *                                  declaration the registry should have refused, never a user's input
     */
    public static ProcessBuilder builder(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an argv names at least the program");
        }
        shellUse(argv).ifPresent(use -> {
            throw new IllegalArgumentException("refusing to start a shell: " + use);
        });
        return new ProcessBuilder(argv);
    }

    /**
     * Where {@code argv} runs a shell, e.g. {@code "sh -c"}, or empty: a shell as the program itself, or a shell given a
     * command line with {@code -c} anywhere in it ({@code env bash -c}, {@code kubectl exec pod -- sh -c}). A shell's
     * name as a plain argument (a word to grep for) is data, not a shell.
     */
    public static Optional<String> shellUse(List<String> argv) {
        for (int i = 0; i < argv.size(); i++) {
            String name = program(argv.get(i));
            if (!SHELLS.contains(name)) {
                continue;
            }
            if (i == 0) {
                return Optional.of(name + " as the program");
            }
            for (int j = i + 1; j < argv.size() && argv.get(j).startsWith("-"); j++) {
                if (COMMAND_OPTION.matcher(argv.get(j)).matches()) {
                    return Optional.of(name + " " + argv.get(j));
                }
            }
        }
        return Optional.empty();
    }

    private static String program(String element) {
        String base = element.substring(element.lastIndexOf('/') + 1);
        return base.toLowerCase(Locale.ROOT);
    }
}
