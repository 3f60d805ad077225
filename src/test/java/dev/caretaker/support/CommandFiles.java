package dev.caretaker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes command files into a temporary commands directory for a test context. */
public final class CommandFiles {

    /** Commands on the recording action with every kind of safety, used by pipeline tests. */
    public static final String PIPELINE = """
            commands:
              - name: test run
                summary: runs for anyone with operator
                role: operator
                action: test.record
                timeout: 2s
                args:
                  - {name: say, type: string}
                  - {name: sleep, type: duration}
                  - {name: fail, type: bool, default: "false"}
              - name: test confirm
                role: operator
                confirm: true
                action: test.record
                args:
                  - {name: say, type: string}
              - name: test approve
                role: operator
                approval: 2
                action: test.record
              - name: test cooldown
                role: viewer
                cooldown: 1h
                action: test.record
              - name: test channel
                role: viewer
                channels: ["slack:COPS"]
                action: test.record
            """;

    private CommandFiles() {
    }

    public static Path dir(Path parent, String... namesAndContents) {
        try {
            Path dir = Files.createDirectories(parent.resolve("commands"));
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Files.writeString(dir.resolve(namesAndContents[i]), namesAndContents[i + 1], StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
