package dev.caretaker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of fake programs ({@code kubectl}, {@code docker}, {@code journalctl}, ...) for
 * {@code caretaker.exec.path}: each records the argv it was started with and prints canned output, so a test can
 * assert on the exact argv Caretaker built and on what it made of the output, with no real cluster or daemon.
 */
public final class FakePrograms {

    private static final String CALL = "CALL";

    private final Path dir;

    public FakePrograms(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code caretaker.exec.path}: the fakes first, then the system's programs the fakes use. */
    public String path() {
        return dir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    public Path dir() {
        return dir;
    }

    /** Adds (or replaces) a program that records its argv, prints {@code stdout} and exits with {@code exit}. */
    public FakePrograms add(String name, String stdout, int exit) {
        try {
            Files.writeString(dir.resolve(name + ".out"), stdout, StandardCharsets.UTF_8);
            Path script = dir.resolve(name);
            // NUL-separated, so arguments with spaces, quotes or newlines come back exactly as they were passed
            Files.writeString(script, """
                    #!/bin/sh
                    { printf '%%s\\0' '%s'; for a in "$@"; do printf '%%s\\0' "$a"; done; } >> '%s'
                    cat '%s'
                    exit %d
                    """.formatted(CALL, dir.resolve(name + ".calls"), dir.resolve(name + ".out"), exit),
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a program from a script body of its own (after the {@code #!/bin/sh} line). */
    public FakePrograms script(String name, String body) {
        try {
            Path script = dir.resolve(name);
            Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every argv {@code name} was started with (without the program itself), oldest first. */
    public List<List<String>> calls(String name) {
        Path file = dir.resolve(name + ".calls");
        List<List<String>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            String all = Files.readString(file, StandardCharsets.UTF_8);
            // every part ends with a NUL: drop the last one so the split leaves no empty part behind
            List<String> current = null;
            for (String part : all.substring(0, all.length() - 1).split("\0", -1)) {
                if (part.equals(CALL)) {
                    current = new ArrayList<>();
                    out.add(current);
                } else if (current != null) {
                    current.add(part);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the recorded calls of every program. */
    public void clear() {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".calls")).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
