package dev.caretaker.chat.slack;

import dev.caretaker.security.Secret;
import io.micronaut.core.value.PropertyResolver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How Caretaker talks to Slack: {@code caretaker.slack.*} as bound in {@link SlackProperties}, with the defaults, and the
 * tokens {@link SlackEnabled} reads ({@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code SLACK_APP_TOKEN}).
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

    public SlackSettings {
        Objects.requireNonNull(botToken, "botToken");
        signingSecret = signingSecret == null ? Optional.empty() : signingSecret;
        appToken = appToken == null ? Optional.empty() : appToken;
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.strip();
        apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        command = command == null || command.isBlank() ? DEFAULT_COMMAND : command.strip();
        command = command.startsWith("/") ? command : "/" + command;
        Objects.requireNonNull(usergroupCacheTtl, "usergroupCacheTtl");
        Objects.requireNonNull(ackWait, "ackWait");
        Objects.requireNonNull(progressInterval, "progressInterval");
    }

    /** The settings of a running Slack adapter: the tokens as {@link SlackEnabled} found them, the rest as bound. */
    static SlackSettings of(PropertyResolver properties, SlackProperties bound) {
        return new SlackSettings(SlackEnabled.botToken(properties).orElseThrow(
                () -> new IllegalStateException("Slack is not configured")),
                SlackEnabled.signingSecret(properties), SlackEnabled.appToken(properties), bound.apiUrl(),
                bound.command(), bound.usergroupCacheTtl(), bound.ackWait(), bound.progressInterval());
    }

    public boolean socketMode() {
        return appToken.isPresent();
    }

    @Override
    public String toString() {
        // Secrets print as ****; the rest helps when reading a startup log.
        return "SlackSettings[apiUrl=" + apiUrl + ", command=" + command + ", socketMode=" + socketMode() + "]";
    }
}
