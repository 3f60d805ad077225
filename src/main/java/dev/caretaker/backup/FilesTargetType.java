package dev.caretaker.backup;

import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.TargetType;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code files} kind of target: directories (uploads, configuration) that are backed up as a {@code .tar.gz}.
 * Checked at boot: {@code paths} lists at least one absolute directory. Whether they exist is checked when a backup
 * runs, as a directory may be mounted after Caretaker starts.
 */
@Singleton
public final class FilesTargetType implements TargetType {

    public static final String TYPE = "files";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> problems(TargetSpec spec, Map<String, TargetSpec> all) {
        List<String> problems = new ArrayList<>();
        Object raw = spec.settings().get("paths");
        List<String> given = new ArrayList<>();
        if (raw instanceof List<?> l) {
            l.stream().filter(o -> o != null && !o.toString().isBlank()).forEach(o -> given.add(o.toString().strip()));
        } else if (raw != null && !raw.toString().isBlank()) {
            given.add(raw.toString());
        }
        spec.string("path").ifPresent(given::add);
        if (given.isEmpty()) {
            problems.add(BackupMessages.filesTargetNeedsPaths());
        }
        for (String p : given) {
            for (String one : p.split("\\s*,\\s*")) {
                if (!one.isBlank() && !Path.of(one.strip()).isAbsolute()) {
                    problems.add(BackupMessages.filesPathNotAbsolute(one.strip()));
                }
            }
        }
        return problems;
    }
}
