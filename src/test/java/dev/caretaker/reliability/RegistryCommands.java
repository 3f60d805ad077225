package dev.caretaker.reliability;

import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The whole command registry as the suite uses it: the example {@code commands/} copied, lines that parse. */
final class RegistryCommands {

    private RegistryCommands() {
    }

    /** The repository's {@code commands/*.yml} in {@code dir}, with {@code extra} as one more file. */
    static Path copy(Path dir, String extraName, String extra) {
        try {
            Path commands = Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(Path.of("commands"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                    Files.copy(f, commands.resolve(f.getFileName()));
                }
            }
            if (extra != null) {
                Files.writeString(commands.resolve(extraName), extra, StandardCharsets.UTF_8);
            }
            return commands;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A line that runs {@code spec}: its first example when it has one, else its name with a value of the right type
     * for each required argument (given by name, so a {@code text} argument takes only its own value).
     */
    static String line(CommandSpec spec) {
        if (!spec.examples().isEmpty()) {
            return spec.examples().getFirst();
        }
        List<String> words = new ArrayList<>(List.of(spec.name()));
        for (ArgSpec a : spec.args()) {
            if (a.required()) {
                words.add(a.name() + "=" + value(a));
            }
        }
        return String.join(" ", words);
    }

    private static String value(ArgSpec a) {
        return switch (a.type()) {
            case INT -> String.valueOf(a.min() != null ? a.min() : 1);
            case DURATION -> "5m";
            case ENUM -> a.choices().getFirst();
            case BOOL -> "true";
            case TARGET -> "main";
            case STRING, PATTERN, TEXT -> "web";
        };
    }
}
