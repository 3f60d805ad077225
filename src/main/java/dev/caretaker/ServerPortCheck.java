package dev.caretaker;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Checks the HTTP port before the server binds it: Micronaut would otherwise stop with a page of its own
 * about a setter, or log a stack trace for a port above 65535. {@code check-config} runs it too.
 */
@Context
@Requires(property = "micronaut.server.enabled", notEquals = "false")
final class ServerPortCheck {

    static final int MAX_PORT = 65535;

    ServerPortCheck(@Value("${micronaut.server.port:8080}") String port) {
        String text = port.strip();
        // -1 is Micronaut's "any free port", which tests use.
        boolean ok = text.matches("-1|\\d{1,5}") && Integer.parseInt(text) <= MAX_PORT;
        if (!ok) {
            throw new ConfigurationException(StartupMessages.badServerPort(port));
        }
    }
}
