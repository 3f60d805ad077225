package dev.caretaker.digest;

import dev.caretaker.alert.ProbeRows;
import dev.caretaker.store.ProbeRollups;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.chat.discord.DiscordGateway;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.support.CommandFiles;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 HTTP targets on a loopback server, the real JDA against the fake Discord: the digest is probed, composed and
 * posted within 5 s, with the chart uploaded as a PNG next to an embed that stays within Discord's limits.
 */
class DigestWithManyTargetsTest {

    static final int TARGETS = 500;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    static Path temp;

    private static FakeDiscord discord;
    private static LoopbackTargets targets;
    private static ApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        discord = FakeDiscord.start();
        targets = new LoopbackTargets(7, Duration.ofMillis(700), 42);
        Map<String, Object> p = new java.util.HashMap<>(targets.targetProperties(TARGETS));
        p.put("caretaker.test.clock", "2025-06-02T09:00:05Z");
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.probes.enabled", "false"); // the digest probes now; the scheduler would probe them too
        p.put("caretaker.digests", List.of(Map.of("name", "ops", "channel", "discord:" + FakeDiscord.CHANNEL_ID,
                "cron", "0 9 * * *", "zone", "UTC")));
        p.put("caretaker.targets.data-disk.type", "disk");
        p.put("caretaker.targets.data-disk.path", temp.toString());
        p.put("caretaker.discord.bot-token", "fake-bot-token");
        p.put("caretaker.discord.api-url", discord.apiUrl());
        p.put("caretaker.discord.gateway-url", discord.gatewayUrl());
        p.put("caretaker.discord.lease", "3s");
        p.put("caretaker.discord.command-hash-file", temp.resolve("hash").toString());
        p.put("caretaker.commands-dir", CommandFiles.dir(temp.resolve("commands"), "none.yml", "commands: []\n").toString());
        context = DigestContexts.start(p);
        discord.await("PUT", "/applications/\\d+/commands", Duration.ofSeconds(15));
        context.getBean(DiscordGateway.class).jda().orElseThrow().awaitReady();
        seedYesterday(context.getBean(ProbeRollups.class), Instant.parse("2025-06-02T09:00:05Z"));
    }

    /** A day of hourly history for every target, so trends and the chart have something to show. */
    private static void seedYesterday(ProbeRollups rollups, Instant now) {
        List<ProbeResult> history = new ArrayList<>();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        for (int h = 24 * 7; h >= 1; h--) {
            for (int n = 1; n <= TARGETS; n++) {
                double ms = 2 + (n % 10) + (h % 5);
                history.add(new ProbeResult(LoopbackTargets.name(n), "http", ProbeStatus.OK, ms, "ms", "HTTP 200",
                        Duration.ofMillis((long) ms), hour.minus(Duration.ofHours(h)).plusSeconds(60)));
            }
        }
        rollups.add(ProbeRows.rows(history));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        targets.close();
        discord.close();
    }

    @Test
    void fiveHundredTargetsAreProbedComposedAndPostedWithTheChartAttached() throws Exception {
        // how fast is DigestBench's business (speed is measured in benchmarks, not asserted in tests)
        List<DigestService.Posted> posted = context.getBean(DigestService.class).runDue();
        assertEquals(1, posted.size());
        int probes = context.getBean(dev.caretaker.probe.ProbeCatalog.class).probes().size();
        assertTrue(probes > TARGETS + 1, "500 http targets, the disk and the bot's own probes: " + probes);
        assertEquals(probes, posted.get(0).digest().probes());

        FakeDiscord.Recorded post = discord.await("POST", "/channels/" + FakeDiscord.CHANNEL_ID + "/messages",
                Duration.ofSeconds(60));
        assertEquals(List.of(), discord.violations(), "within Discord's limits");
        JsonNode embed = post.json().get("embeds").get(0);
        assertEquals("Daily digest, Mon 2 Jun 2025", embed.get("title").asText());
        String description = embed.get("description").asText();
        // the 503 is critical and the 700 ms target warns; on a loaded machine another may be slow enough to warn
        assertTrue(description.startsWith("Needs attention: 1 critical, "), description);
        assertTrue(description.matches("(?s).*Probes: \\d+ of " + probes + " OK\\..*"), description);
        assertTrue(description.matches("(?s).*web-007 +http +critical.*"), "the failing target comes first: " + description);
        assertTrue(description.contains("web-042"), "the slow one is listed: " + description);
        assertTrue(description.contains("… and " + (probes - dev.caretaker.digest.section.ProbesSection.MAX_ROWS)
                + " more, all OK or less slow than the ones above."), description);
        assertEquals("attachment://caretaker-digest.png", embed.get("image").get("url").asText());

        int png = post.fileNames().indexOf("caretaker-digest.png");
        assertTrue(png >= 0, "files: " + post.fileNames());
        byte[] data = post.fileData(png);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(data, 8), "a PNG file");
        assertTrue(data.length > 10_000 && data.length < 1_000_000, "a chart of sensible size: " + data.length + " bytes");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
        assertEquals(800, image.getWidth());
        assertEquals(400, image.getHeight());
    }
}
