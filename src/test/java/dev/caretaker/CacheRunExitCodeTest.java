package dev.caretaker;

import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code caretaker run} against a Redis target that refuses the password: the sentence alone, exit 1. */
class CacheRunExitCodeTest {

    @Test
    void aRedisFailureExitsOneWithTheSentenceAlone() throws Exception {
        try (TestRedis server = new TestRedis()) {
            Map<String, String> props = new HashMap<>();
            props.put("datasources.default.url", TestDatabase.freshDatabaseUrl());
            props.put("datasources.default.username", "postgres");
            props.put("caretaker.commands-dir", "target/no-such-commands-dir");
            props.put("caretaker.targets.badpass.type", "redis");
            props.put("caretaker.targets.badpass.uri", server.uri().replace("redis://", "redis://nobody:hunter2@"));
            props.forEach(System::setProperty);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = Application.launch(new String[] {"run", "cache stats"},
                        new PrintStream(out, true, StandardCharsets.UTF_8));
                assertEquals("Redis `badpass` refused the username or password; check `username` and `password` (or "
                        + "the ones in `uri`) under `caretaker.targets.badpass`.\n", out.toString(StandardCharsets.UTF_8));
                assertEquals(1, code);
            } finally {
                props.keySet().forEach(System::clearProperty);
            }
        }
    }
}
