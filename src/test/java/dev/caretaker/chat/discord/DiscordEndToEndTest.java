package dev.caretaker.chat.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Mutants;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.SourceDSL;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/** The whole service with the real JDA against the fake Discord: the acceptance points. */
class DiscordEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Mutated interactions in the generated run: fixed, like its seed, so the ledger counts do not move. */
    private static final int GENERATED = 40;

    @TempDir
    static Path temp;

    private static FakeDiscord discord;
    private static ApplicationContext context;
    private static DiscordChatAdapter adapter;
    private static RecordingAction recording;

    @BeforeAll
    static void start() throws Exception {
        discord = FakeDiscord.start();
        context = TestContexts.start(properties(discord, temp));
        adapter = context.getBean(DiscordChatAdapter.class);
        recording = context.getBean(RecordingAction.class);
        discord.await("PUT", "/applications/\\d+/commands", WAIT);
        DiscordGateway gateway = context.getBean(DiscordGateway.class);
        gateway.jda().orElseThrow().awaitReady();
    }

    static Map<String, Object> properties(FakeDiscord discord, Path temp) {
        return Map.of(
                "caretaker.discord.bot-token", "fake-bot-token",
                "caretaker.discord.api-url", discord.apiUrl(),
                "caretaker.discord.gateway-url", discord.gatewayUrl(),
                "caretaker.discord.lease", "3s",
                "caretaker.discord.command-hash-file", temp.resolve("hash-" + System.nanoTime()).toString(),
                "caretaker.commands-dir", CommandFiles.dir(temp.resolve("c" + System.nanoTime()),
                        "test.yml", CommandFiles.PIPELINE).toString(),
                "caretaker.roles.operator.discord-roles", FakeDiscord.ROLE_ID);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        discord.close();
    }

    @BeforeEach
    void clear() {
        recording.clear();
    }

    @Test
    void theRegisteredCommandTreeMatchesTheRegistry() throws Exception {
        FakeDiscord.Recorded put = discord.await("PUT", "/applications/" + FakeDiscord.APPLICATION_ID + "/commands", WAIT);
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        JsonNode expected = JSON.readTree(SlashCommandTree.build(dispatcher.registry(), false).toData().toJson());
        assertEquals(1, put.json().size(), "one command: /ops");
        assertEquals(JSON.readTree(Canonical.json(JSON, JSON.writeValueAsBytes(expected))),
                JSON.readTree(Canonical.json(JSON, JSON.writeValueAsBytes(put.json().get(0)))));
        JsonNode test = find(put.json().get(0), "test");
        assertEquals(2, test.get("type").asInt(), "a group is a subcommand group");
        assertTrue(find(test, "confirm").has("options"));
        assertEquals(1, find(put.json().get(0), "help").get("type").asInt(), "a single word is a subcommand");
        assertEquals(1, discord.requests("PUT", "/applications/\\d+/commands").size(), "registered once");
    }

    @Test
    void helpIsDeferredAndAnsweredWithAnEmbed() {
        String id = discord.dispatchInteraction("interaction-create-slash.json",
                d -> path(d, subcommand("help")));
        FakeDiscord.Recorded callback = discord.await("POST", "/interactions/" + id + "/.*/callback", WAIT);
        assertEquals(5, callback.json().get("type").asInt(), "deferred");
        FakeDiscord.Recorded answer = discord.await("PATCH", "/webhooks/\\d+/token-" + id + "/messages/@original", WAIT);
        JsonNode embed = answer.json().get("embeds").get(0);
        assertTrue(embed.toString().contains("help [command]"), embed.toString());
        // with every built-in group listed, the test commands are past the preview, in the attached full list
        int full = answer.fileNames().indexOf(EmbedRenderer.FULL_REPLY_FILE);
        assertTrue(full >= 0 && answer.fileText(full).contains("test confirm"), answer.fileNames().toString());
        assertTrue(callback.at().isBefore(answer.at()));
    }

    @Test
    void aCommandWithoutASubcommandOrWithAnUnreadableOptionGetsOneSentenceAndRunsNothing() {
        // the generated run found the first: JDA hands it over, and reading it threw in the listener; an integer option
        // that is not a number is read only when asked for, and throws then
        String bare = discord.dispatchInteraction("interaction-create-slash.json", d -> d.with("data").putArray("options"));
        String unreadable = discord.dispatchInteraction("interaction-create-slash.json", d -> path(d, group("test",
                subcommand("run", JSON.createObjectNode().put("name", "sleep").put("type", 4).put("value", "soon")))));
        for (String id : List.of(bare, unreadable)) {
            FakeDiscord.Recorded answer = discord.await("POST", "/interactions/" + id + "/.*/callback", WAIT);
            assertEquals(64, answer.json().path("data").path("flags").asInt() & 64, "ephemeral");
            assertTrue(answer.json().toString().contains(DiscordMessages.discordUnreadableCommand()),
                    answer.json().toString());
        }
        assertTrue(recording.runs().isEmpty(), "nothing ran");
    }

    @Test
    void aDeniedCommandAnswersEphemerallyNamingTheMissingRole() {
        String id = discord.dispatchInteraction("interaction-create-slash.json", d -> {
            path(d, group("test", subcommand("run")));
            ((ArrayNode) d.with("member").withArray("roles")).removeAll();
        });
        FakeDiscord.Recorded callback = discord.await("POST", "/interactions/" + id + "/.*/callback", WAIT);
        assertEquals(64, callback.json().path("data").path("flags").asInt() & 64, "ephemeral");
        FakeDiscord.Recorded answer = discord.await("PATCH", "/webhooks/\\d+/token-" + id + "/messages/@original", WAIT);
        assertTrue(answer.json().toString().contains("You need the operator role to run `test run`"),
                answer.json().toString());
        assertTrue(recording.runs().isEmpty(), "nothing ran");
    }

    @Test
    void aConfirmCommandRunsOnlyAfterTheRequestersClick() {
        String id = discord.dispatchInteraction("interaction-create-slash.json",
                d -> path(d, group("test", subcommand("confirm", option("say", "hi there")))));
        FakeDiscord.Recorded prompt = discord.await("PATCH", "/webhooks/\\d+/token-" + id + "/messages/@original", WAIT);
        String customId = prompt.json().get("components").get(0).get("components").get(0).get("custom_id").asText();
        assertTrue(customId.startsWith(ButtonActions.CONFIRM + ":"), customId);
        assertTrue(customId.length() <= 100);
        assertEquals(64, discord.await("POST", "/interactions/" + id + "/.*/callback", WAIT).json()
                .path("data").path("flags").asInt() & 64, "the prompt is for the requester only");
        assertTrue(recording.runs().isEmpty(), "not before the click");

        // someone else clicking is told so and changes nothing
        String other = discord.dispatchInteraction("interaction-create-button.json", d -> {
            d.with("data").put("custom_id", customId);
            d.with("member").with("user").put("id", FakeDiscord.OTHER_USER_ID);
        });
        FakeDiscord.Recorded refused = discord.await("POST", "/webhooks/\\d+/token-" + other, WAIT);
        assertEquals(64, refused.json().path("flags").asInt() & 64);
        assertTrue(recording.runs().isEmpty());

        String click = discord.dispatchInteraction("interaction-create-button.json",
                d -> d.with("data").put("custom_id", customId));
        assertEquals(6, discord.await("POST", "/interactions/" + click + "/.*/callback", WAIT).json().get("type").asInt());
        FakeDiscord.Recorded done = discord.await("PATCH", "/webhooks/\\d+/token-" + click + "/messages/@original", WAIT);
        assertEquals(1, recording.runs().size());
        assertEquals("hi there", recording.runs().get(0).args().string("say").orElseThrow());
        assertTrue(done.json().toString().contains("ran test confirm hi there"), done.json().toString());
        assertEquals(0, done.json().get("components").size(), "the buttons are gone");
    }

    @Test
    void typedOptionsReachTheActionTypedAndTheAuditAsTheLineTheyStandFor() {
        String id = discord.dispatchInteraction("interaction-create-slash.json", d -> path(d, group("test",
                subcommand("run", option("say", "from discord"), JSON.createObjectNode().put("name", "fail")
                        .put("type", 5).put("value", false)))));
        FakeDiscord.Recorded callback = discord.await("POST", "/interactions/" + id + "/.*/callback", WAIT);
        assertEquals(0, callback.json().path("data").path("flags").asInt() & 64, "an operator's run answers in public");
        FakeDiscord.Recorded answer = discord.await("PATCH", "/webhooks/\\d+/token-" + id + "/messages/@original", WAIT);
        assertTrue(answer.json().toString().contains("ran test run from discord"), answer.json().toString());
        assertEquals(1, recording.runs().size());
        assertEquals(Boolean.FALSE, recording.runs().get(0).args().asMap().get("fail"));
        assertTrue(context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500)).stream()
                .anyMatch(r -> r.commandLine().equals("test run say=\"from discord\" fail=false")));
    }

    @Test
    void anAlertIsPostedAndLaterEditedInPlace() throws DeliveryException {
        ChannelAddress ops = DiscordPlatform.channel(FakeDiscord.CHANNEL_ID);
        MessageRef ref = adapter.post(ops, Reply.builder().header("HighErrorRate on checkout")
                .severity(Severity.CRITICAL).text("Error rate 7.2 %")
                .button(new Button("Ack", ButtonActions.ALERT_ACK, "fp-1", Button.Style.PRIMARY)).build());
        adapter.update(ref, Reply.builder().header("Resolved: HighErrorRate on checkout").severity(Severity.OK)
                .text("Error rate back to 0.4 %").build());
        JsonNode message = discord.message(ref.messageId()).orElseThrow();
        assertEquals("Resolved: HighErrorRate on checkout", message.get("embeds").get(0).get("title").asText());
        assertEquals(0x57F287, message.get("embeds").get(0).get("color").asInt());
        assertEquals(0, message.get("components").size());
        assertEquals(1, discord.requests("PATCH", "/channels/" + FakeDiscord.CHANNEL_ID + "/messages/" + ref.messageId()).size());
        MessageRef reply = adapter.replyInThread(ref, Reply.text("Acknowledged by Alice."));
        assertEquals(ref.messageId(), discord.message(reply.messageId()).orElseThrow()
                .path("message_reference").path("message_id").asText());
    }

    @Test
    void aHundredFiftyLineOutputArrivesAsAnEmbedWithinLimitsPlusAFile() throws DeliveryException {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            out.append("line ").append(i).append(": ").append("x".repeat(40)).append('\n');
        }
        MessageRef ref = adapter.post(DiscordPlatform.channel(FakeDiscord.CHANNEL_ID),
                Reply.builder().header("Disk usage").code(out.toString()).build());
        FakeDiscord.Recorded post = discord.requests("POST", "/channels/\\d+/messages").stream()
                .filter(r -> r.status() == 200 && !r.files().isEmpty()).reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of(EmbedRenderer.FULL_REPLY_FILE), post.fileNames());
        assertTrue(post.fileText(0).contains("line 150: "), "the file has every line");
        assertEquals(List.of(), discord.violations());
        assertTrue(discord.message(ref.messageId()).orElseThrow().get("embeds").get(0).get("description").asText()
                .contains("all of it is in the attached file"));
    }

    @Test
    void aRateLimitedPostArrivesOnce() throws DeliveryException {
        discord.rateLimitNextMessagePost(Duration.ofSeconds(1));
        int before = discord.requests("POST", "/channels/\\d+/messages").size();
        MessageRef ref = adapter.post(DiscordPlatform.channel(FakeDiscord.CHANNEL_ID), Reply.text("Backup finished."));
        List<FakeDiscord.Recorded> posts = discord.requests("POST", "/channels/\\d+/messages");
        assertEquals(before + 2, posts.size(), "one 429, one retry");
        assertEquals(429, posts.get(before).status());
        long delivered = posts.stream().skip(before).filter(r -> r.status() == 200).count();
        assertEquals(1, delivered, "the message arrives once");
        assertFalse(ref.messageId().isBlank());
    }

    @Test
    void anUnknownChannelIsAPermanentFailure() {
        DeliveryException e = org.junit.jupiter.api.Assertions.assertThrows(DeliveryException.class,
                () -> adapter.post(DiscordPlatform.channel("1999999999999999999"), Reply.text("x")));
        assertTrue(e.permanent(), e.getMessage());
    }

    @Test
    void theCommandTreeHashIsStored() throws Exception {
        Path hash = Path.of(context.getRequiredProperty("caretaker.discord.command-hash-file", String.class));
        assertEquals(64, Files.readString(hash).strip().length());
    }

    /**
     * JDA does not drop an interaction from a server the bot is not in (an app a user installed can be used there): it
     * builds a detached guild and channel from the interaction itself and hands it to the listener, which refuses it.
     */
    @Test
    void anInteractionForAnotherApplicationOrAGuildThatIsNotOursIsRefused() {
        String otherGuild = "1000000000000000077";
        String otherChannel = "1000000000000000078";
        String said = "from-a-server-that-is-not-ours";
        // another application's interaction: never answered (its token is not ours), nothing runs
        String foreign = discord.dispatchInteraction("interaction-create-slash.json", d -> {
            path(d, group("test", subcommand("run", option("say", said))));
            d.put("application_id", "1000000000000000099");
        });
        String foreignClick = discord.dispatchInteraction("interaction-create-button.json",
                d -> d.put("application_id", "1000000000000000099"));
        // the app installed by a user, used in a server the bot is not in; Discord sends the channel in full there
        Consumer<ObjectNode> elsewhere = d -> {
            d.put("guild_id", otherGuild);
            d.with("guild").put("id", otherGuild);
            d.put("channel_id", otherChannel);
            d.with("channel").put("guild_id", otherGuild).put("id", otherChannel).put("position", 3).put("flags", 0)
                    .put("nsfw", false).putNull("parent_id").putNull("topic").putNull("last_message_id")
                    .put("rate_limit_per_user", 0);
            d.remove("authorizing_integration_owners");
            d.putObject("authorizing_integration_owners").put("1", FakeDiscord.USER_ID);
        };
        String command = discord.dispatchInteraction("interaction-create-slash.json", d -> {
            path(d, group("test", subcommand("run", option("say", said))));
            elsewhere.accept(d);
        });
        String click = discord.dispatchInteraction("interaction-create-button.json", elsewhere);
        for (String refused : List.of(command, click)) {
            FakeDiscord.Recorded refusal = discord.await("POST", "/interactions/" + refused + "/.*/callback", WAIT);
            assertEquals(4, refusal.json().path("type").asInt(), "answered at once, not deferred");
            assertEquals(64, refusal.json().path("data").path("flags").asInt() & 64, "ephemeral");
            assertTrue(refusal.json().toString().contains(DiscordMessages.discordGuildRefused()),
                    refusal.json().toString());
        }
        // JDA hands interactions over in order: once a later one of ours is answered, the foreign ones were seen
        String own = discord.dispatchInteraction("interaction-create-slash.json", d -> path(d, subcommand("help")));
        discord.await("POST", "/interactions/" + own + "/.*/callback", WAIT);
        assertTrue(discord.requests("POST", "/interactions/" + foreign + "/.*").isEmpty(), "no answer to another app");
        assertTrue(discord.requests("POST", "/interactions/" + foreignClick + "/.*").isEmpty(), "no answer to another app");
        for (String id : List.of(foreign, foreignClick, command, click)) {
            for (String method : List.of("POST", "PATCH")) {
                assertTrue(discord.requests(method, "/webhooks/\\d+/token-" + id + ".*").isEmpty(),
                        "nothing followed up " + id);
            }
        }
        assertTrue(recording.runs().isEmpty(), "nothing ran");
        assertTrue(context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500)).stream()
                .noneMatch(r -> r.commandLine().contains(said)), "no audit row");
        Ledger.record(Ledger.Promise.ACCESS, "Discord interactions for another application (ignored) or a server "
                + "that is not ours (one sentence)", DiscordEndToEndTest.class, 4, 0, 4, 0);
    }

    /**
     * Generated interactions (mutants of the captured slash command, as a confirm command that only ever prompts, and
     * of the button click, whose token is never a live one) through the real gateway and JDA. After each, a click on
     * an unknown button must be answered (the session is alive and has seen the mutant, as JDA hands events over in
     * order); then Caretaker's listener has not thrown, logged no stack trace and no payload, and nothing ran.
     */
    @Test
    void generatedMalformedInteractionsNeitherThrowNorRunNorStopTheSession() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        AtomicInteger passed = new AtomicInteger();
        try {
            qt().withFixedSeed(18_0500L).withExamples(GENERATED).withShrinkCycles(20).forAll(SourceDSL.longs().all())
                    .checkAssert(n -> {
                        int seen = logs.list.size();
                        String mutant = discord.dispatchInteraction((n & 1) == 0 ? "interaction-create-slash.json"
                                : "interaction-create-button.json", d -> mutate(d, new Random(n)));
                        String marker = discord.dispatchInteraction("interaction-create-button.json",
                                d -> d.with("data").put("custom_id", "not-a-caretaker-button"));
                        discord.await("POST", "/interactions/" + marker + "/.*/callback", WAIT);
                        List<ILoggingEvent> now = List.copyOf(logs.list.subList(seen, logs.list.size()));
                        assertEquals(List.of(), now.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                                .filter(e -> e.getLoggerName().startsWith("dev.caretaker")
                                        || e.getFormattedMessage().contains("EventListeners had an uncaught exception"))
                                .map(ILoggingEvent::getFormattedMessage).toList(), "Caretaker's listener threw");
                        for (ILoggingEvent e : now) {
                            if (e.getLoggerName().startsWith("dev.caretaker")) {
                                assertTrue(e.getThrowableProxy() == null, "no stack trace: " + e.getFormattedMessage());
                                assertFalse(e.getFormattedMessage().contains("token-" + mutant),
                                        "no payload: " + e.getFormattedMessage());
                            }
                        }
                        assertTrue(recording.runs().isEmpty(), "nothing ran");
                        passed.incrementAndGet();
                    });
        } finally {
            root.detachAppender(logs);
        }
        assertEquals(GENERATED, passed.get());
        Ledger.record(Ledger.Promise.INPUT, "Discord interactions, generated", DiscordEndToEndTest.class,
                GENERATED, 0, passed.get(), 0);
    }

    /** Replaces {@code d} by a mutant of itself that keeps its id, token and application (those route it). */
    private static void mutate(ObjectNode d, Random random) {
        if (!d.path("data").has("custom_id")) {
            path(d, group("test", subcommand("confirm", option("say", "generated"))));
        }
        JsonNode mutant = Mutants.mutate(d, random);
        String id = d.get("id").asText();
        String token = d.get("token").asText();
        d.removeAll();
        if (mutant instanceof ObjectNode object) {
            d.setAll(object);
        }
        d.put("id", id).put("token", token).put("application_id", FakeDiscord.APPLICATION_ID);
    }

    // ---- building the options of a slash command interaction -------------------------------------

    private static void path(ObjectNode d, ObjectNode first) {
        ArrayNode options = d.with("data").putArray("options");
        options.add(first);
    }

    private static ObjectNode group(String name, ObjectNode sub) {
        ObjectNode g = JSON.createObjectNode().put("name", name).put("type", 2);
        g.putArray("options").add(sub);
        return g;
    }

    private static ObjectNode subcommand(String name, ObjectNode... options) {
        ObjectNode s = JSON.createObjectNode().put("name", name).put("type", 1);
        ArrayNode o = s.putArray("options");
        for (ObjectNode option : options) {
            o.add(option);
        }
        return s;
    }

    private static ObjectNode option(String name, String value) {
        return JSON.createObjectNode().put("name", name).put("type", 3).put("value", value);
    }

    private static JsonNode find(JsonNode parent, String name) {
        for (JsonNode o : parent.get("options")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no " + name + " in " + parent);
    }
}
