package dev.caretaker.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replies as the outbox stores them: the application's ObjectMapper binding the reply records, and rows written before. */
class OutboxJsonTest {

    private static ApplicationContext context;
    private static ObjectMapper json;

    @BeforeAll
    static void start() {
        context = TestContexts.start(java.util.Map.of("caretaker.outbox.deliver", false, "caretaker.probes.enabled", false));
        json = context.getBean(ObjectMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

    private static Reply everyBlock() {
        return Reply.builder().header("Digest").severity(Severity.CRITICAL).footer("req abc")
                .text("text").fields(List.of(new Block.Field("a", "1"))).table(List.of("c1", "c2"),
                        List.of(List.of("x", "y"))).code("code\nblock").image("chart", "chart.png", PNG)
                .button(new Button("Silence 1h", ButtonActions.ALERT_SILENCE, "7:1h", Button.Style.DEFAULT)).build();
    }

    @Test
    void aReplyRoundTripsEveryBlockIncludingImageBytes() throws Exception {
        Reply original = everyBlock();
        Reply back = json.readValue(json.writeValueAsString(original), Reply.class);
        assertEquals(original.header(), back.header());
        assertEquals(original.severity(), back.severity());
        assertEquals(original.footer(), back.footer());
        assertEquals(original.buttons(), back.buttons());
        assertEquals(original.blocks().subList(0, 4), back.blocks().subList(0, 4));
        Block.Image image = (Block.Image) back.blocks().get(4);
        assertEquals("chart.png", image.fileName());
        assertArrayEquals(PNG, image.png());
    }

    /** Exactly what the hand-written mapper of wave 1 (ReplyJson) stored: rows still pending after an upgrade. */
    private static final String WAVE_1_ROW = """
            {"header":"Digest","severity":"CRITICAL","visibility":"CHANNEL","footer":"req abc","blocks":[\
            {"type":"text","text":"text"},{"type":"fields","fields":[{"name":"a","value":"1"}]},\
            {"type":"table","columns":["c1","c2"],"rows":[["x","y"]]},{"type":"code","text":"code\\nblock"},\
            {"type":"image","title":"chart","fileName":"chart.png","png":"iVBORwABAv8="}],\
            "buttons":[{"label":"Silence 1h","actionId":"alert:silence","value":"7:1h","style":"DEFAULT"}]}""";

    @Test
    void rowsWrittenByTheFirstVersionStillRead() throws Exception {
        Reply old = json.readValue(WAVE_1_ROW.replace("alert:silence", ButtonActions.ALERT_SILENCE), Reply.class);
        Reply expected = everyBlock();
        assertEquals(expected.header(), old.header());
        assertEquals(expected.buttons(), old.buttons());
        assertEquals(expected.blocks().subList(0, 4), old.blocks().subList(0, 4));
        assertArrayEquals(PNG, ((Block.Image) old.blocks().get(4)).png());
        Reply noHeader = json.readValue("""
                {"header":null,"severity":"INFO","visibility":"REQUESTER","footer":null,"blocks":[],"buttons":[]}""",
                Reply.class);
        assertEquals(Reply.builder().visibility(Visibility.REQUESTER).build(), noHeader);
    }

    @Test
    void theStoredShapeIsTheOneTheFirstVersionWrote() throws Exception {
        // the same tree, key for key, so a row written now reads in an older replica during a rolling upgrade
        assertEquals(json.readTree(WAVE_1_ROW.replace("alert:silence", ButtonActions.ALERT_SILENCE)),
                json.readTree(json.writeValueAsString(everyBlock())));
        assertEquals(json.readTree("""
                {"header":null,"severity":"INFO","visibility":"CHANNEL","footer":null,"blocks":[],"buttons":[]}"""),
                json.readTree(json.writeValueAsString(Reply.builder().build())));
    }
}
