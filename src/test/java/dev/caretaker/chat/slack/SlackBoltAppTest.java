package dev.caretaker.chat.slack;

import dev.caretaker.pipeline.Decision;
import dev.caretaker.reply.ButtonActions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SlackBoltAppTest {

    @Test
    void theBotsMentionIsDroppedFromTheCommand() {
        assertEquals("db status", SlackBoltApp.withoutMention("<@U0BOT> db status"));
        assertEquals("help", SlackBoltApp.withoutMention("  <@U0BOT|caretaker>   help "));
        assertEquals("whoami <@U0OTHER>", SlackBoltApp.withoutMention("<@U0BOT> whoami <@U0OTHER>"));
        assertEquals("", SlackBoltApp.withoutMention(null));
    }

    @Test
    void buttonsMapToDecisions() {
        assertEquals(Decision.CONFIRM, SlackCommandRunner.decision(ButtonActions.CONFIRM));
        assertEquals(Decision.CANCEL, SlackCommandRunner.decision(ButtonActions.CANCEL));
        assertEquals(Decision.APPROVE, SlackCommandRunner.decision(ButtonActions.APPROVE));
        assertEquals(Decision.REJECT, SlackCommandRunner.decision(ButtonActions.REJECT));
        assertNull(SlackCommandRunner.decision(ButtonActions.ALERT_ACK), "alert buttons are not decisions");
    }
}
