package dev.caretaker.action.custom;

import dev.caretaker.security.Argv;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the programs declared commands run, on {@code caretaker.exec.path}. The JDK looks a bare program name up on
 * Caretaker's own {@code PATH} whatever the child's environment says, so the lookup is done here and the child gets
 * the absolute path, plus the same {@code PATH} for whatever it starts in turn.
 */
@Singleton
public final class Programs {

    private static final String FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final String path;
    private final List<Path> dirs;

    @Inject
    public Programs(ExecSettings settings) {
        this(settings.path());
    }

    /** @param path a {@code PATH}-style list; null or blank for the one Caretaker was started with */
    public Programs(String path) {
        String p = path == null || path.isBlank() ? System.getenv().getOrDefault("PATH", FALLBACK_PATH) : path.strip();
        this.path = p;
        List<Path> out = new ArrayList<>();
        for (String dir : p.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                out.add(Path.of(dir));
            }
        }
        this.dirs = List.copyOf(out);
    }

    /** The programs of the {@code PATH} Caretaker was started with. */
    public static Programs inherited() {
        return new Programs((String) null);
    }

    /** The {@code PATH} declared commands run with. */
    public String path() {
        return path;
    }

    /** The executable a program name stands for: itself when it holds a slash, else the first match on the path. */
    public Optional<Path> find(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : dirs) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A process builder for {@code argv} with its program resolved and {@code PATH} set, or empty when the program is
     * not there; the caller says so in its own sentence.
     */
    public Optional<ProcessBuilder> builder(List<String> argv) {
        return find(argv.get(0)).map(program -> {
            List<String> resolved = new ArrayList<>(argv);
            resolved.set(0, program.toString());
            ProcessBuilder pb = Argv.builder(resolved);
            pb.environment().put("PATH", path);
            return pb;
        });
    }
}
