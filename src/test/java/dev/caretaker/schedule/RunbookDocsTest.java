package dev.caretaker.schedule;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples in docs/runbooks.md are what Caretaker accepts: the page cannot drift from the code. */
class RunbookDocsTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    @SuppressWarnings("unchecked")
    void theScheduleAndTheRunbookOfTheDocsBootBesideTheDeployGuard() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(Files.readString(Path.of("docs/runbooks.md")));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        String schedules = blocks.stream().filter(b -> b.contains("schedules:")).findFirst().orElseThrow();
        String runbook = blocks.stream().filter(b -> b.contains("kind: runbook")).findFirst().orElseThrow();

        Path commands = Files.createDirectories(temp.resolve("commands"));
        Files.copy(Path.of("commands/deploy.yml"), commands.resolve("deploy.yml"));
        Files.writeString(commands.resolve("nightly.yml"), runbook);
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.commands-dir", commands.toString());
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.schedule.scheduler.enabled", "false");
        // the two targets the page says its watch step needs (nothing is contacted here)
        p.put("caretaker.targets.web.type", "http");
        p.put("caretaker.targets.web.url", "http://127.0.0.1:9/health");
        p.put("caretaker.targets.error-rate.type", "prometheus");
        p.put("caretaker.targets.error-rate.url", "http://127.0.0.1:9");
        p.put("caretaker.targets.error-rate.query", "sum(rate(http_requests_total[5m]))");
        p.put("caretaker.targets.error-rate.critical", "0.05");
        Map<String, Object> config = new Yaml().load(schedules);
        p.put("caretaker.schedules", ((Map<String, Object>) config.get("caretaker")).get("schedules"));
        try (ApplicationContext c = TestContexts.start(p)) {
            assertTrue(c.getBean(CommandRegistry.class).find("nightly db").isPresent());
            assertEquals(List.of("nightly-retention"), c.getBean(Schedules.class).all().stream().map(Schedule::name)
                    .toList());
        }
    }
}
