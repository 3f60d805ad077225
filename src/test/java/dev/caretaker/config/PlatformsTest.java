package dev.caretaker.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry reads channel addresses of the platforms it was given, and only theirs. */
class PlatformsTest {

    private static final PlatformSpec CHAT = PlatformSpec.of("chat");
    private static final PlatformSpec DIGITS = new PlatformSpec(new Platform("digits"), Pattern.compile("\\d{1,20}"),
            "digits-people", Optional.empty());
    private final Platforms platforms = new Platforms(List.of(DIGITS, CHAT));

    @Test
    void readsAddressesOfDeclaredPlatformsAndTheConsole() {
        assertEquals(Optional.of(new ChannelAddress(new Platform("chat"), "C0OPS")), platforms.address("chat:C0OPS"));
        assertEquals(Optional.of(new ChannelAddress(new Platform("digits"), "42")), platforms.address(" digits:42 "));
        assertEquals(Optional.of(ChannelAddress.CONSOLE), platforms.address("console"));
        assertEquals("chat:C0OPS", platforms.address("chat:C0OPS").orElseThrow().toString());
    }

    @Test
    void refusesUnknownPlatformsAndIdsOfTheWrongShape() {
        assertEquals(Optional.empty(), platforms.address("slack:C0OPS"), "not declared here");
        assertEquals(Optional.empty(), platforms.address("digits:abc"), "digits has digit ids");
        assertEquals(Optional.empty(), platforms.address("chat:"));
        assertEquals(Optional.empty(), platforms.address("console:x"));
        assertEquals(Optional.empty(), platforms.address("ops-room"));
        assertEquals(Optional.empty(), platforms.address(null));
    }

    @Test
    void knowsTheConsoleAndTheDeclaredPlatformsInIdOrder() {
        assertTrue(platforms.knows(Platform.CONSOLE));
        assertTrue(platforms.knows(new Platform("chat")));
        assertFalse(platforms.knows(new Platform("slack")));
        assertEquals(List.of("chat", "digits"), platforms.all().stream().map(s -> s.platform().id()).toList());
    }

    @Test
    void aPlatformDeclaredTwiceIsABuildMistake() {
        assertThrows(IllegalStateException.class, () -> new Platforms(List.of(CHAT, PlatformSpec.of("chat"))));
        assertThrows(IllegalArgumentException.class, () -> PlatformSpec.of("console"));
        assertThrows(IllegalArgumentException.class, () -> new Platform("Slack"));
    }

    @Test
    void theShapeAloneIsReadForAddressesCaretakerStoredItself() {
        assertEquals(Optional.of(new ChannelAddress(new Platform("gone"), "X1")), ChannelAddress.parse("gone:X1"));
        assertEquals(Optional.empty(), ChannelAddress.parse("not an address"));
        assertTrue(new Platform("chat").equals(ChannelAddress.parse("chat:1").orElseThrow().platform()));
    }
}
