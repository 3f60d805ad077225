package dev.caretaker.chat.slack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackBoltAppTest {

    @Test
    void theBotsMentionIsDroppedFromTheCommand() {
        assertEquals("db status", SlackBoltApp.withoutMention("<@U0BOT> db status"));
        assertEquals("help", SlackBoltApp.withoutMention("  <@U0BOT|caretaker>   help "));
        assertEquals("whoami <@U0OTHER>", SlackBoltApp.withoutMention("<@U0BOT> whoami <@U0OTHER>"));
        assertEquals("", SlackBoltApp.withoutMention(null));
    }
}
