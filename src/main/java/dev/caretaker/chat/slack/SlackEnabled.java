package dev.caretaker.chat.slack;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/** True when a Slack bot token is configured; every Slack bean requires it, so the embedded default starts without Slack. */
public final class SlackEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties
                && SlackSettings.botToken(properties).isPresent();
    }
}
