package dev.caretaker.oncall;

import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rotation arithmetic in local time across daylight-saving changes, and config checked one sentence per bad key. */
class RotationTest {

    static final Platforms PLATFORMS = new Platforms(List.of(SlackPlatform.SPEC, DiscordPlatform.SPEC));

    static RotationSettings.PersonSettings person(String name, String slack) {
        return new RotationSettings.PersonSettings(name, slack, null, null, null, null, null);
    }

    /** Alice takes over on Monday 6 October 2025 at 09:00 in Berlin; then Bob, Carol, Alice, … weekly. */
    static RotationSettings primary() {
        return new RotationSettings(0, "primary", null, "Europe/Berlin", "monday 09:00", "1w", "2025-10-06",
                List.of(person("Alice", "U_ALICE"), person("Bob", "U_BOB"), person("Carol", "U_CAROL")), List.of());
    }

    private static Rotation rotation(RotationSettings s) {
        return new Rotations(List.of(s), PLATFORMS, List.of()).all().get(0);
    }

    @Test
    void theHandOffStaysAtNineLocalTimeAcrossTheOctoberChangeSoThatTurnIsAnHourLonger() {
        Rotation r = rotation(primary());
        assertEquals(Instant.parse("2025-10-20T07:00:00Z"), r.handoff(2), "09:00 CEST");
        assertEquals(Instant.parse("2025-10-27T08:00:00Z"), r.handoff(3), "09:00 CET, after the clocks went back on the 26th");
        Rotation.Turn carol = r.turnAt(Instant.parse("2025-10-26T12:00:00Z"));
        assertEquals("Carol", carol.person().name());
        assertEquals(Duration.ofHours(169), Duration.between(carol.from(), carol.until()));
        assertEquals("Carol", r.turnAt(Instant.parse("2025-10-27T07:59:59Z")).person().name(), "08:59:59 CET: not yet");
        assertEquals("Alice", r.turnAt(Instant.parse("2025-10-27T08:00:00Z")).person().name(), "09:00 CET: Alice");
        assertEquals("Alice", r.turnAt(Instant.parse("2025-10-06T07:00:00Z")).person().name(), "the first turn");
        assertEquals("Carol", r.turnAt(Instant.parse("2025-10-06T06:59:59Z")).person().name(), "before the start it wraps");
    }

    @Test
    void inSpringTheTurnThatSpansTheChangeIsAnHourShorter() {
        Rotation r = rotation(primary());
        Rotation.Turn turn = r.turnAt(Instant.parse("2026-03-29T12:00:00Z"));
        assertEquals(Instant.parse("2026-03-23T08:00:00Z"), turn.from());
        assertEquals(Instant.parse("2026-03-30T07:00:00Z"), turn.until());
        assertEquals(Duration.ofHours(167), Duration.between(turn.from(), turn.until()));
    }

    @Test
    void dailyTurnsAndTwoWeekTurnsCountFromTheirStart() {
        Rotation daily = rotation(new RotationSettings(0, "db", null, "UTC", "18:00", "1d", "2025-01-01",
                List.of(person("Alice", "U_ALICE"), person("Bob", "U_BOB")), List.of()));
        assertEquals("Alice", daily.turnAt(Instant.parse("2025-01-03T18:00:00Z")).person().name());
        assertEquals("Bob", daily.turnAt(Instant.parse("2025-01-03T17:59:00Z")).person().name());
        Rotation fortnight = rotation(new RotationSettings(0, "web", null, "UTC", "mon 10:00", "2w", "2025-01-06",
                List.of(person("Alice", "U_ALICE"), person("Bob", "U_BOB")), List.of()));
        assertEquals("Alice", fortnight.turnAt(Instant.parse("2025-01-19T12:00:00Z")).person().name());
        assertEquals("Bob", fortnight.turnAt(Instant.parse("2025-01-20T10:00:00Z")).person().name());
    }

    @Test
    void eachBadValueIsOneSentenceNamingItsKey() {
        RotationSettings bad = new RotationSettings(0, "primary", "slack:not an id", "Mars/Base", "funday 9:00", "3x",
                "2025-13-01", List.of(new RotationSettings.PersonSettings("Alice", "U ALICE", null, null, null, null, null)),
                List.of(new RotationSettings.StepSettings("soon", "nobody")));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new Rotations(List.of(bad), PLATFORMS, Arrays.asList(null, "tertiary")));
        List<String> expected = new ArrayList<>(List.of(
                "caretaker.oncall.rotations[0].channel must be a channel address like slack:C0123ABCD, "
                        + "discord:112233445566778899 or console, not `slack:not an id`.",
                "caretaker.oncall.rotations[0].zone must be a time zone like Europe/Berlin, not `Mars/Base`.",
                "caretaker.oncall.rotations[0].length must be a number of weeks or days like 1w, 2w or 1d, not `3x`.",
                "caretaker.oncall.rotations[0].handoff must be a weekday and time like \"monday 09:00\", or a time like "
                        + "\"09:00\" for daily turns, not `funday 9:00`.",
                "caretaker.oncall.rotations[0].start must be a date like 2025-01-06, not `2025-13-01`.",
                "caretaker.oncall.rotations[0].people[0].slack must be a user id of a platform Caretaker knows (slack, "
                        + "discord), like U0123ABCD, not `U ALICE`.",
                "caretaker.oncall.rotations[0].escalation[0].after must be a duration like 15m, not `soon`.",
                "caretaker.oncall.rotations[0].escalation[0].to names `nobody`, which is neither a rotation nor a person of one.",
                "caretaker.alerts.routes[1].rotation names the rotation `tertiary`, which caretaker.oncall.rotations does "
                        + "not have; it has primary."));
        for (String sentence : expected) {
            assertEquals(true, e.getMessage().contains(sentence), sentence + "\n in: " + e.getMessage());
        }
    }

    @Test
    void aWeekdayHandOffNeedsWholeWeeksAndAStartOnThatDay() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Rotations(List.of(
                new RotationSettings(0, "primary", null, "UTC", "monday 09:00", "3d", null,
                        List.of(person("Alice", "U_ALICE")), List.of()),
                new RotationSettings(1, "secondary", null, "UTC", "monday 09:00", "1w", "2025-10-07",
                        List.of(person("Bob", "U_BOB")), List.of())), PLATFORMS, List.of()));
        assertEquals("caretaker.oncall.rotations[0].handoff names a weekday, so caretaker.oncall.rotations[0].length "
                + "must be whole weeks like 1w; give a time only for daily turns. caretaker.oncall.rotations[1].start "
                + "(2025-10-07) must be a Monday, the hand-off day.", e.getMessage());
    }

    @Test
    void peopleAreFoundByMentionNameOrIdOnTheAskersPlatform() {
        Rotations rotations = new Rotations(List.of(new RotationSettings(0, "primary", null, "UTC", null, null, null,
                List.of(new RotationSettings.PersonSettings("Alice", "U_ALICE", "112233", "+49 30 1234", "alice@example.com",
                        "America/New_York", null)), List.of())), PLATFORMS, List.of());
        for (String typed : List.of("<@U_ALICE>", "<@U_ALICE|alice>", "@alice", "Alice", "U_ALICE")) {
            assertEquals("Alice", rotations.find(typed, SlackPlatform.SLACK).orElseThrow().name(), typed);
        }
        assertEquals("Alice", rotations.find("<@!112233>", DiscordPlatform.DISCORD).orElseThrow().name());
        assertEquals(true, rotations.find("<@U_NOBODY>", SlackPlatform.SLACK).isEmpty());
        OnCallPerson alice = rotations.person("alice").orElseThrow();
        assertEquals(Map.of("slack", "<@U_ALICE>", "discord", "<@112233>", "console", "Alice"), alice.mentions());
        assertEquals("+49 30 1234", alice.phone().orElseThrow());
    }
}
