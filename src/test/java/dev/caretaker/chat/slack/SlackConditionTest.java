package dev.caretaker.chat.slack;

import com.slack.api.bolt.App;
import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slack is off unless a bot token is configured, so the embedded default starts without it. */
class SlackConditionTest {

    @Test
    void withoutABotTokenThereIsNoSlackAtAll() {
        try (ApplicationContext context = TestContexts.start(Map.of())) {
            assertFalse(context.containsBean(App.class));
            assertFalse(context.containsBean(SlackEventsController.class));
            assertFalse(context.containsBean(SlackCommandRunner.class));
            assertFalse(context.getBeansOfType(ChatAdapter.class).stream()
                    .anyMatch(a -> a instanceof SlackChatAdapter));
        }
    }

    @Test
    void theEnvironmentVariablesNamesAreReadToo() {
        // SLACK_BOT_TOKEN and friends reach Micronaut as slack.bot-token etc.
        try (ApplicationContext context = TestContexts.start(Map.of(
                "slack.bot-token", "xoxb-env",
                "slack.signing-secret", "secret-env",
                "slack.app-token", "xapp-env",
                "caretaker.slack.api-url", "http://127.0.0.1:9/api",
                "caretaker.slack.command", "caretaker"))) {
            SlackSettings settings = context.getBean(SlackSettings.class);
            assertEquals("xoxb-env", settings.botToken().reveal());
            assertEquals("secret-env", settings.signingSecret().orElseThrow().reveal());
            assertTrue(settings.socketMode());
            assertEquals("http://127.0.0.1:9/api/", settings.apiUrl());
            assertEquals("/caretaker", settings.command());
            assertEquals(Duration.ofSeconds(2), settings.ackWait());
            assertFalse(settings.toString().contains("xoxb"), "no secret in the log line");
            assertFalse(settings.toString().contains("secret-env"), "no secret in the log line");
            String bound = context.getBean(SlackProperties.class).toString();
            assertFalse(bound.contains("xoxb") || bound.contains("xapp") || bound.contains("secret-env"),
                    "the bound settings hold no secret: " + bound);
        }
    }

    @Test
    void configuredNamesWinOverTheEnvironment() {
        // a loopback address even though no server starts (so Bolt never connects): tests reach nothing else
        try (ApplicationContext context = TestContexts.start(Map.of(
                "caretaker.slack.bot-token", "xoxb-config", "slack.bot-token", "xoxb-env",
                "caretaker.slack.api-url", "http://127.0.0.1:9/api/"))) {
            SlackSettings settings = context.getBean(SlackSettings.class);
            assertEquals("xoxb-config", settings.botToken().reveal());
            assertEquals("/ops", settings.command());
            assertEquals(Duration.ofMinutes(1), settings.usergroupCacheTtl());
            assertEquals(Duration.ofSeconds(2), settings.progressInterval());
            assertFalse(settings.socketMode());
            assertEquals(SlackSettings.DEFAULT_API_URL, new SlackSettings(settings.botToken(), Optional.empty(),
                    Optional.empty(), null, null, settings.usergroupCacheTtl(), settings.ackWait(),
                    settings.progressInterval()).apiUrl(), "Slack's own API unless set");
        }
    }
}
