package dev.caretaker.chat.slack;

import dev.caretaker.security.Secret;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

import java.util.Optional;

/**
 * True when a Slack bot token is configured; every Slack bean requires it, so the embedded default starts without Slack.
 * The tokens are read here rather than bound into {@link SlackProperties}: the condition needs the bot token before any
 * bean exists, each has a second name from the environment, and no settings record should hold a secret.
 */
public final class SlackEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties && botToken(properties).isPresent();
    }

    /** {@code caretaker.slack.bot-token}, or {@code SLACK_BOT_TOKEN} from the environment; Slack is off without it. */
    static Optional<Secret> botToken(PropertyResolver properties) {
        return first(properties, "caretaker.slack.bot-token", "slack.bot-token");
    }

    /** {@code caretaker.slack.signing-secret} or {@code SLACK_SIGNING_SECRET}; empty in Socket Mode. */
    static Optional<Secret> signingSecret(PropertyResolver properties) {
        return first(properties, "caretaker.slack.signing-secret", "slack.signing-secret");
    }

    /** {@code caretaker.slack.app-token} or {@code SLACK_APP_TOKEN}; present when Socket Mode should be used. */
    static Optional<Secret> appToken(PropertyResolver properties) {
        return first(properties, "caretaker.slack.app-token", "slack.app-token");
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
}
