package dev.caretaker.chat.slack;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.config.PlatformSpec;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Slack as config knows it: {@code slack:<channel id>} addresses, roles under {@code slack-users} and
 * {@code slack-usergroups}. Declared whether or not a token is configured, so config naming Slack channels stays
 * valid while Slack is off.
 */
@Factory
public class SlackPlatform {

    public static final Platform SLACK = new Platform("slack");

    /** What Slack declares; the bean below contributes it to the registry. */
    public static final PlatformSpec SPEC = PlatformSpec.of(SLACK.id()).withRoleKeys("slack-users", "slack-usergroups");

    public static ChannelAddress channel(String channelId) {
        return new ChannelAddress(SLACK, channelId);
    }

    @Singleton
    PlatformSpec slackPlatformSpec() {
        return SPEC;
    }
}
