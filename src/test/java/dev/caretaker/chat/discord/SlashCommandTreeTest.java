package dev.caretaker.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.command.ActionRef;
import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.ArgType;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /ops tree mirrors the registry: groups, verbs, typed options, Discord's length limits. */
class SlashCommandTreeTest {


    private static final ObjectMapper JSON = new ObjectMapper();

    static CommandSpec spec(String name, String summary, ArgSpec... args) {
        return new CommandSpec(name, summary, List.of(args), "viewer", false, 1, null, null, null, null, null,
                ActionRef.builtin(name.replace(' ', '.')), null);
    }

    static CommandRegistry registry() {
        return new CommandRegistry(List.of(
                spec("help", "List every command, or show how to use one",
                        ArgSpec.optional("command", ArgType.STRING, null, "a command or group name, e.g. `db`")),
                spec("status", "One-screen summary"),
                spec("db vacuum", "Reclaim dead tuples and refresh planner statistics " + "x".repeat(80),
                        ArgSpec.optional("full", ArgType.BOOL, "false", ""),
                        ArgSpec.required("table", ArgType.STRING, "table name"),
                        new ArgSpec("target", ArgType.TARGET, false, null, List.of(), null, "postgres", "")),
                spec("cache clear", "Clear stale cache entries",
                        new ArgSpec("mode", ArgType.ENUM, false, "lazy", List.of("lazy", "now"), null, null, ""),
                        ArgSpec.optional("limit", ArgType.INT, "100", ""),
                        ArgSpec.optional("older", ArgType.DURATION, null, ""))));
    }

    @Test
    void groupsBecomeSubcommandGroupsAndSingleWordsSubcommands() throws IOException {
        JsonNode ops = JSON.readTree(SlashCommandTree.build(registry(), false).toData().toJson());
        assertEquals("ops", ops.get("name").asText());
        assertEquals(List.of("help:1", "status:1", "cache:2", "db:2"), names(ops.get("options")));
        JsonNode vacuum = find(find(ops, "db"), "vacuum");
        assertEquals(List.of("table:3", "full:5", "target:3"), names(vacuum.get("options")), "required first");
        assertTrue(vacuum.get("options").get(0).get("required").asBoolean());
        assertEquals(100, vacuum.get("description").asText().length());
        assertTrue(vacuum.get("description").asText().endsWith("…"));
        assertTrue(find(vacuum, "target").get("autocomplete").asBoolean());
        JsonNode clear = find(find(ops, "cache"), "clear");
        assertEquals(List.of("lazy", "now"), find(clear, "mode").findValuesAsText("value"));
        assertEquals(4, find(clear, "limit").get("type").asInt(), "int is an integer option");
        assertEquals("a duration like 30s, 15m, 24h or 7d", find(clear, "older").get("description").asText());
        assertEquals("a command or group name, e.g. db", find(find(ops, "help"), "command").get("description").asText());
        assertEquals(List.of("0"), textList(ops.get("contexts")), "guilds only unless DMs are allowed");
        JsonNode withDms = JSON.readTree(SlashCommandTree.build(registry(), true).toData().toJson());
        assertEquals(List.of("0", "1"), textList(withDms.get("contexts")));
    }

    @Test
    void theHashChangesWithTheRegistryAndTheScopeOnly() {
        String a = SlashCommandTree.hash(SlashCommandTree.build(registry(), false), "global", JSON);
        assertEquals(a, SlashCommandTree.hash(SlashCommandTree.build(registry(), false), "global", JSON));
        assertNotEquals(a, SlashCommandTree.hash(SlashCommandTree.build(registry(), false), "guild:1", JSON));
        assertNotEquals(a, SlashCommandTree.hash(SlashCommandTree.build(registry(), true), "global", JSON));
        CommandRegistry more = new CommandRegistry(List.of(spec("whoami", "Who am I")));
        assertNotEquals(a, SlashCommandTree.hash(SlashCommandTree.build(more, false), "global", JSON));
    }

    private static JsonNode find(JsonNode parent, String name) {
        for (JsonNode o : parent.get("options")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no option " + name + " in " + parent);
    }

    private static List<String> names(JsonNode options) {
        return java.util.stream.StreamSupport.stream(options.spliterator(), false)
                .map(o -> o.get("name").asText() + ":" + o.get("type").asInt()).toList();
    }

    private static List<String> textList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .filter(JsonNode::isValueNode).map(JsonNode::asText).toList();
    }
}
