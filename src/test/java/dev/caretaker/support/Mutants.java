package dev.caretaker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Bad input that looks like the real thing: a captured payload with one to four edits at random places (a field
 * removed, or made null, text, a number, a list or an object of the wrong kind). Generated from a long that
 * QuickTheories draws, so a fixed seed gives the same mutants on every run.
 */
public final class Mutants {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TEXTS = List.of("", " ", "x", "null", "0", "-1", "caretaker.confirm",
            "caretaker.", "<@U0BOT>", "C0OPS", "U0VIEW", "\u0000", "\u202e", "ü", "\"", "{}", "[]", "%00",
            "1700000000.000100", "2026-11-26T06:55:05Z", "0001-01-01T00:00:00Z", "firing", "resolved", "4",
            "x".repeat(5000));

    private Mutants() {
    }

    /** Mutants of {@code seed} (never changed itself). */
    public static Gen<JsonNode> of(JsonNode seed) {
        return SourceDSL.longs().all().map(n -> mutate(seed, new Random(n)));
    }

    /** One mutant of {@code seed}, chosen by {@code random}. */
    public static JsonNode mutate(JsonNode seed, Random random) {
        JsonNode copy = seed.deepCopy();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(copy, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(5) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, value(random));
                }
            } else if (target instanceof ArrayNode array && !array.isEmpty()) {
                int index = random.nextInt(array.size());
                switch (random.nextInt(3)) {
                    case 0 -> array.remove(index);
                    case 1 -> array.set(index, value(random));
                    default -> array.add(array.get(index).deepCopy());
                }
            } else if (target instanceof ObjectNode object) {
                object.set("x", value(random));
            } else if (target instanceof ArrayNode array) {
                array.add(value(random));
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static JsonNode value(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1, 2 -> NODES.textNode(TEXTS.get(random.nextInt(TEXTS.size())));
            case 3 -> NODES.numberNode(List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE).get(random.nextInt(5)));
            case 4 -> NODES.numberNode(random.nextBoolean() ? 1.5e308 : -0.0);
            case 5 -> NODES.booleanNode(random.nextBoolean());
            case 6 -> NODES.objectNode();
            case 7 -> NODES.arrayNode().add(NODES.nullNode());
            default -> {
                ArrayNode deep = NODES.arrayNode();
                ArrayNode at = deep;
                for (int i = 0; i < 200; i++) {
                    at = at.addArray();
                }
                yield deep;
            }
        };
    }

    private static final List<String> LINE_EDITS = List.of("", " ", "  ", ":", "- ", "[", "{", "\"", "'", "&a", "*a",
            "!!python/object:x", "<<: *a", "? ", "|", ">", "#", "\t", "%YAML 1.1", "---", "...", "~", "null", "1e999",
            "name: db vacuum", "role: root", "type: int", "cooldown: soon", "args:", "  - {name: x}", "\u0000",
            "x".repeat(300));

    /** YAML as people break it: one to three lines indented wrongly, cut, doubled, dropped or given another value. */
    public static Gen<String> ofLines(String text) {
        List<String> lines = text.lines().toList();
        return SourceDSL.longs().all().map(n -> {
            Random random = new Random(n);
            List<String> out = new ArrayList<>(lines);
            for (int edits = 1 + random.nextInt(3); edits > 0 && !out.isEmpty(); edits--) {
                int at = random.nextInt(out.size());
                String line = out.get(at);
                String edit = LINE_EDITS.get(random.nextInt(LINE_EDITS.size()));
                switch (random.nextInt(6)) {
                    case 0 -> out.remove(at);
                    case 1 -> out.add(at, line);
                    case 2 -> out.set(at, edit + line);
                    case 3 -> out.set(at, line + edit);
                    case 4 -> out.set(at, line.replaceFirst(":\\s.*$", ": " + edit));
                    default -> out.set(at, line.isEmpty() ? edit : line.substring(0, random.nextInt(line.length())));
                }
            }
            return String.join("\n", out);
        });
    }
}
