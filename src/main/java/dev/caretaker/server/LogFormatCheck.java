package dev.caretaker.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Logback reads {@code CARETAKER_LOG_FORMAT} itself (logback.xml) and takes anything but {@code json} as text; a
 * misspelt value would quietly leave a log collector with lines it cannot parse, so the start stops and says so.
 */
@Context
final class LogFormatCheck {

    LogFormatCheck(@Value("${CARETAKER_LOG_FORMAT:text}") String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigurationException(ServerMessages.badLogFormat(format));
        }
    }
}
