package dev.caretaker.chat.discord;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

import java.util.Optional;

/** Discord is on when a bot token is configured; without one the service starts without any Discord bean. */
public final class DiscordEnabled implements Condition {

    /** {@code caretaker.discord.bot-token}, or {@code DISCORD_BOT_TOKEN} from the environment. */
    static Optional<String> token(PropertyResolver properties) {
        return properties.get("caretaker.discord.bot-token", String.class)
                .or(() -> properties.get("discord.bot.token", String.class))
                .filter(t -> !t.isBlank());
    }

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver resolver && token(resolver).isPresent();
    }
}
