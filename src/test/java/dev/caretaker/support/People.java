package dev.caretaker.support;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.security.Caller;

import java.util.Set;

/** The test people {@link TestContexts} gives roles to. */
public final class People {

    public static final Caller VIEWER = new Caller(SlackPlatform.SLACK, "U_VIEWER", "vera", Set.of());
    public static final Caller OPERATOR = new Caller(SlackPlatform.SLACK, "U_OPERATOR", "otto", Set.of());
    public static final Caller OPERATOR2 = new Caller(SlackPlatform.SLACK, "U_OPERATOR2", "olga", Set.of());
    public static final Caller ADMIN = new Caller(SlackPlatform.SLACK, "U_ADMIN", "ada", Set.of());
    public static final Caller DISCORD_OPS = new Caller(DiscordPlatform.DISCORD, "123", "dora", Set.of("R_OPS"));

    private People() {
    }
}
