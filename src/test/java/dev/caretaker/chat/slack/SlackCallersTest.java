package dev.caretaker.chat.slack;

import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.security.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackCallersTest {

    private final FakeSlack fake = FakeSlack.start().usergroup("S0OPS", "U1", "U2").usergroup("S0DBA", "U2");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SlackCallers callers = new SlackCallers(
            new SlackWebApi(SlackChatAdapterTest.slack(fake), FakeSlack.BOT_TOKEN),
            () -> Set.of("S0OPS", "S0DBA"), Duration.ofMinutes(1), clock);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aCallerCarriesTheConfiguredGroupsTheyAreIn() {
        Caller u2 = callers.caller("U2", "bea");
        assertEquals(Set.of("S0OPS", "S0DBA"), u2.groupIds());
        assertEquals(Set.of("S0OPS"), callers.caller("U1", "al").groupIds());
        assertEquals(Set.of(), callers.caller("U3", "cy").groupIds());
        assertEquals("bea", u2.displayName());
    }

    @Test
    void membersAreCachedForTheTtlThenLookedUpAgain() {
        callers.caller("U1", "al");
        callers.caller("U2", "bea");
        assertEquals(2, fake.calls("usergroups.users.list").size(), "one look-up per group");
        fake.usergroup("S0OPS", "U3");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Set.of(), callers.caller("U3", "cy").groupIds(), "still cached");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Set.of("S0OPS"), callers.caller("U3", "cy").groupIds(), "looked up again after the TTL");
    }

    @Test
    void whenSlackFailsTheLastKnownMembersStand() {
        callers.caller("U1", "al");
        clock.advance(Duration.ofMinutes(2));
        fake.failNext("usergroups.users.list", 2);
        assertEquals(Set.of("S0OPS"), callers.caller("U1", "al").groupIds());
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
