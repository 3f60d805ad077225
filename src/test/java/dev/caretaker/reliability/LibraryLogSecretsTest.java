package dev.caretaker.reliability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDA logs a whole INTERACTION_CREATE payload, the interaction's token included, when it cannot parse it, before
 * Caretaker's code sees anything. Such lines, logged under JDA's own logger names, go through the appender that
 * {@code logback.xml} configures in both formats (plain, and {@code CARETAKER_LOG_FORMAT=json}): the line is kept and
 * the token is masked, in the message and in the exception's.
 */
class LibraryLogSecretsTest {

    private static final String TOKEN = "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpQbGFudGVkVG9rZW4tZjNhOWMxN2U0YjI4";
    private static final String WEBSOCKET = "net.dv8tion.jda.internal.requests.WebSocketClient";
    private static final String REQUESTER = "net.dv8tion.jda.internal.requests.Requester";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jdasLinesWithAnInteractionTokenAreKeptWithTheTokenMaskedInBothFormats() throws Exception {
        String payload = payload();
        List<String> checked = new ArrayList<>();
        for (String format : List.of("text", "json")) {
            String out = logThroughLogbackXml(format, log -> {
                // what JDA's WebSocketClient writes when an event cannot be parsed (its own message templates)
                log.getLogger(WEBSOCKET).error("Got an unexpected Json-parse error. Please redirect the following "
                                + "message to the devs:\n\tJDA {}\n\t{} -> {}", "6.1.1",
                        "Unable to resolve value with key type to type int", "INTERACTION_CREATE", payload,
                        new IllegalStateException("Unable to resolve value with key type to type int: " + payload));
                log.getLogger(WEBSOCKET).warn("Received event with unhandled body type JSON: {}", payload);
                log.getLogger(REQUESTER).warn("Received response with following cf-rays: [] for "
                        + "https://127.0.0.1/api/v10/interactions/1300000000000000001/{}/callback", TOKEN);
            });
            assertTrue(!out.contains(TOKEN) && !out.contains(TOKEN.substring(0, 24)),
                    format + " shows the interaction token: " + out);
            assertTrue(out.contains("Got an unexpected Json-parse error") && out.contains("unhandled body type JSON")
                    && out.contains("cf-rays"), format + " kept the lines: " + out);
            assertTrue(out.contains("IllegalStateException") && out.contains("LibraryLogSecretsTest"),
                    format + " kept the exception and its frames: " + out);
            assertTrue(out.contains("INTERACTION_CREATE") && out.contains("1000000000000000004"),
                    format + " kept the rest of the payload: " + out);
            if (format.equals("json")) {
                long lines = 0;
                for (String line : out.strip().split("\n")) {
                    JsonNode node = JSON.readTree(line);
                    assertTrue(node.hasNonNull("formattedMessage"), line);
                    lines++;
                }
                assertEquals(3, lines, out);
                assertTrue(out.contains("\\\"token\\\":\\\"****\\\""), "masked in place: " + out);
            } else {
                assertTrue(out.contains("\"token\":\"****\""), "masked in place: " + out);
                assertTrue(out.contains("/interactions/1300000000000000001/****/callback"), out);
            }
            checked.add(format);
        }
        assertEquals(List.of("text", "json"), checked);
        Ledger.record(Ledger.Promise.SECRETS, "Discord interaction tokens in JDA's own log lines (an unparseable "
                        + "interaction, a callback URL), in the message and the exception, plain and JSON logs",
                LibraryLogSecretsTest.class, 3L * checked.size(), 0, 3L * checked.size(), 0);
    }

    /** The slash command fixture as JDA receives it, one line, with a real-looking token and a type it cannot read. */
    private static String payload() throws Exception {
        try (InputStream in = Objects.requireNonNull(
                LibraryLogSecretsTest.class.getResourceAsStream("/fixtures/discord/interaction-create-slash.json"))) {
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            ObjectNode d = (ObjectNode) event.get("d");
            d.put("id", "1300000000000000001");
            d.put("token", TOKEN);
            d.put("type", "not-a-number");
            return JSON.writeValueAsString(event);
        }
    }

    private interface Logging {
        void log(LoggerContext context);
    }

    /** Configures a logging context of its own from the service's logback.xml and answers what its appender wrote. */
    private static String logThroughLogbackXml(String format, Logging logging) throws Exception {
        URL xml = Objects.requireNonNull(LibraryLogSecretsTest.class.getResource("/logback.xml"));
        assertTrue(xml.getPath().endsWith("classes/logback.xml"), "the service's own logback.xml: " + xml);
        LoggerContext context = new LoggerContext();
        context.setName("library-log-secrets-" + format);
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("CARETAKER_LOG_FORMAT", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // the configured appender writes to System.err (ConsoleAppender looks it up on every write)
        synchronized (System.class) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                configurator.doConfigure(xml);
                assertTrue(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT") != null,
                        "logback.xml configured its appender");
                logging.log(context);
            } finally {
                context.stop();
                System.setErr(original);
            }
        }
        String all = err.toString(StandardCharsets.UTF_8);
        List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(st -> st.getLevel() >= ch.qos.logback.core.status.Status.WARN).map(Object::toString).toList();
        assertEquals(List.of(), problems, "logback.xml configures without warnings");
        if (format.equals("text")) {
            return all;
        }
        // one object per line: keep our loggers' lines, not what another test's thread may have printed meanwhile
        StringBuilder ours = new StringBuilder();
        for (String line : all.split("\n")) {
            if (line.contains("\"loggerName\":\"net.dv8tion.")) {
                ours.append(line).append('\n');
            }
        }
        return ours.toString();
    }
}
