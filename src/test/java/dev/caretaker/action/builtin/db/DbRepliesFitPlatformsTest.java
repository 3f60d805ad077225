package dev.caretaker.action.builtin.db;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.chat.discord.DiscordPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.chat.discord.EmbedRenderer;
import dev.caretaker.chat.slack.BlockKitRenderer;
import dev.caretaker.chat.slack.SlackMessage;
import dev.caretaker.fake.slack.SlackLimits;
import dev.caretaker.chat.discord.RenderedMessage;
import dev.caretaker.fake.discord.PayloadLimits;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Reply;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every read-only db command, on a database with many tables and indexes, renders within Slack's and Discord's limits;
 * what does not fit travels as an attached file rather than being cut.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbRepliesFitPlatformsTest {

    private ApplicationContext context;
    private Dispatcher dispatcher;
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        context = TestContexts.start(Map.of());
        dispatcher = context.getBean(Dispatcher.class);
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement st = c.createStatement()) {
            for (int i = 0; i < 80; i++) {
                String t = "table_with_a_rather_long_descriptive_name_" + i;
                st.execute("create table " + t + " (id bigserial primary key, customer_reference text, body text)");
                st.execute("create index " + t + "_unused_customer_reference_idx on " + t + " (customer_reference)");
                st.execute("create index " + t + "_duplicate_customer_reference_idx on " + t + " (customer_reference)");
                st.execute("insert into " + t + " (customer_reference, body) select 'c' || g, repeat('x', 200) "
                        + "from generate_series(1, 50) g");
            }
            st.execute("analyze");
        }
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "help db", "db status", "db sizes limit=50", "db indexes", "db locks",
            "db queries min=0s", "db slow", "audit limit=200", "status", "whoami"})
    void rendersWithinDiscordLimits(String command) throws Exception {
        Outcome o = dispatcher.dispatch(new CommandRequest(People.ADMIN, DiscordPlatform.channel("1"), command, null));
        // `db slow` fails politely here (no pg_stat_statements); its sentence must fit too
        assertTrue(o instanceof Outcome.Completed || o instanceof Outcome.Failed,
                () -> dev.caretaker.reply.PlainText.render(o.reply()));
        Reply reply = o.reply();
        RenderedMessage message = new EmbedRenderer().render(reply);
        JsonNode payload = json.readTree(message.toCreateData().toData().toJson());
        assertEquals(List.of(), PayloadLimits.check(payload), command);
        String full = dev.caretaker.reply.PlainText.render(reply);
        if (full.length() > EmbedRenderer.MAX_EMBED_TOTAL_LENGTH) {
            assertTrue(!message.files().isEmpty(), command + " is too long for one message and must come as a file");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "help db", "db status", "db sizes limit=50", "db indexes", "db locks",
            "db queries min=0s", "db slow", "audit limit=200", "status", "whoami"})
    void rendersWithinSlackLimits(String command) throws Exception {
        Outcome o = dispatcher.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("C1"), command, null));
        SlackMessage message = new BlockKitRenderer().render(o.reply());
        ObjectNode payload = json.createObjectNode().put("text", message.text());
        payload.set("blocks", json.readTree(GSON.toJson(message.blocks())));
        assertEquals(List.of(), SlackLimits.check(payload), command);
        String full = dev.caretaker.reply.PlainText.render(o.reply());
        if (full.length() > 3 * BlockKitRenderer.MAX_SECTION_TEXT) {
            assertTrue(message.hasFiles() || message.ephemeral(), command + " is too long for one message: a file");
        }
    }
}
