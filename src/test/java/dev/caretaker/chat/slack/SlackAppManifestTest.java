package dev.caretaker.chat.slack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest in deploy/ creates an app that matches what the adapter serves and calls. */
class SlackAppManifestTest {

    @Test
    @SuppressWarnings("unchecked")
    void theManifestPointsEverythingAtSlackEventsWithTheScopesWeUse() throws IOException {
        Map<String, Object> manifest = new Yaml().load(Files.readString(Path.of("deploy/slack-app-manifest.yml")));
        Map<String, Object> features = (Map<String, Object>) manifest.get("features");
        Map<String, Object> command = ((List<Map<String, Object>>) features.get("slash_commands")).get(0);
        assertEquals(SlackSettings.DEFAULT_COMMAND, command.get("command"));
        assertTrue(command.get("url").toString().endsWith("/slack/events"));

        Map<String, Object> settings = (Map<String, Object>) manifest.get("settings");
        Map<String, Object> events = (Map<String, Object>) settings.get("event_subscriptions");
        Map<String, Object> interactivity = (Map<String, Object>) settings.get("interactivity");
        assertTrue(events.get("request_url").toString().endsWith("/slack/events"));
        assertTrue(interactivity.get("request_url").toString().endsWith("/slack/events"));
        assertEquals(true, interactivity.get("is_enabled"));
        assertEquals(List.of("app_mention"), events.get("bot_events"));

        List<String> scopes = (List<String>) ((Map<String, Object>) ((Map<String, Object>) manifest.get("oauth_config"))
                .get("scopes")).get("bot");
        assertTrue(scopes.containsAll(List.of("commands", "app_mentions:read", "chat:write", "files:write",
                "usergroups:read")), scopes.toString());
    }
}
