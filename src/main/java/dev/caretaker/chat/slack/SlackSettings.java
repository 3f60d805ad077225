package dev.caretaker.chat.slack;

import dev.caretaker.security.Secret;
import io.micronaut.core.value.PropertyResolver;

import java.time.Duration;
import java.util.Optional;

/**
 * Slack settings, each read from {@code caretaker.slack.*} or from the environment variable the design names
 * ({@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code SLACK_APP_TOKEN}, {@code CARETAKER_SLACK_API_URL}).
 *
 * @param signingSecret empty in Socket Mode, where requests are not signed
 * @param appToken      present when Socket Mode should be used
 * @param apiUrl        the Web API prefix, ending in a slash
 * @param command       the slash command's name, {@code /ops} unless configured
 * @param ackWait       how long a command may run before the ack says "Running…" instead of the result
 */
public record SlackSettings(Secret botToken, Optional<Secret> signingSecret, Optional<Secret> appToken, String apiUrl,
                            String command, Duration usergroupCacheTtl, Duration ackWait, Duration progressInterval) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final String DEFAULT_COMMAND = "/ops";

    /** The bot token if configured; Slack is off without it. */
    static Optional<Secret> botToken(PropertyResolver properties) {
        return first(properties, "caretaker.slack.bot-token", "slack.bot-token");
    }

    static SlackSettings from(PropertyResolver properties) {
        Secret bot = botToken(properties).orElseThrow(() -> new IllegalStateException("Slack is not configured"));
        String api = properties.get("caretaker.slack.api-url", String.class).filter(s -> !s.isBlank())
                .orElse(DEFAULT_API_URL);
        String command = properties.get("caretaker.slack.command", String.class).filter(s -> !s.isBlank())
                .orElse(DEFAULT_COMMAND);
        return new SlackSettings(bot,
                first(properties, "caretaker.slack.signing-secret", "slack.signing-secret"),
                first(properties, "caretaker.slack.app-token", "slack.app-token"),
                api.endsWith("/") ? api : api + "/",
                command.startsWith("/") ? command : "/" + command,
                properties.get("caretaker.slack.usergroup-cache-ttl", Duration.class).orElse(Duration.ofMinutes(1)),
                properties.get("caretaker.slack.ack-wait", Duration.class).orElse(Duration.ofSeconds(2)),
                properties.get("caretaker.slack.progress-interval", Duration.class).orElse(Duration.ofSeconds(2)));
    }

    public boolean socketMode() {
        return appToken.isPresent();
    }

    private static Optional<Secret> first(PropertyResolver properties, String... names) {
        for (String name : names) {
            Optional<String> value = properties.get(name, String.class).filter(s -> !s.isBlank());
            if (value.isPresent()) {
                return value.map(String::trim).map(Secret::of);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        // Secrets print as ****; the rest helps when reading a startup log.
        return "SlackSettings[apiUrl=" + apiUrl + ", command=" + command + ", socketMode=" + socketMode() + "]";
    }
}
