package dev.caretaker.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest {

    static final String YAML = """
            commands:
              - name: help
                action: help
                role: viewer
                args:
                  - {name: command, type: string}
              - name: audit
                action: audit
                role: operator
                args:
                  - {name: user, type: string}
                  - {name: command, type: string}
                  - {name: since, type: duration, default: 24h}
                  - {name: limit, type: int, default: "20", min: 1, max: 500}
              - name: db vacuum
                action: db.vacuum
                role: operator
                args:
                  - {name: table, type: string, required: true}
                  - {name: full, type: bool, default: "false"}
                  - {name: target, type: target, target: postgres}
              - name: db status
                action: db.status
                role: viewer
              - name: cache clear
                action: cache.clear
                role: operator
                args:
                  - {name: pattern, type: pattern, pattern: "[A-Za-z0-9:*_-]+", required: true}
                  - {name: mode, type: enum, choices: [scan, unlink], default: scan}
            """;

    static CommandRegistry registry() {
        CommandFileReader.Result r = CommandFileReader.read("test.yml", YAML, "admin",
                java.util.Set.of("viewer", "operator", "admin"));
        assertEquals(java.util.List.of(), r.problems());
        return new CommandRegistry(r.commands());
    }

    final Parser parser = new Parser(registry(), type -> "postgres".equals(type) ? Set.of("main") : Set.of());

    @Test
    void positionalAndNamedArgumentsAreTyped() throws UsageException {
        ParsedCommand p = parser.parse("/ops db vacuum orders full=yes");
        assertEquals("db vacuum", p.command().name());
        assertEquals("orders", p.args().string("table").orElseThrow());
        assertTrue(p.args().bool("full"));
        assertEquals("main", p.args().string("target").orElseThrow(), "the only postgres target is the default");
    }

    @Test
    void defaultsApplyAndDurationsParse() throws UsageException {
        ParsedCommand p = parser.parse("audit since=1h30m");
        assertEquals(Duration.ofMinutes(90), p.args().duration("since").orElseThrow());
        assertEquals(20L, p.args().integer("limit").orElseThrow());
    }

    @Test
    void quotesKeepSpacesAndEqualsSignsInValues() throws UsageException {
        ParsedCommand p = parser.parse("audit user=\"Jane Doe\" 'command=db vacuum'");
        assertEquals("Jane Doe", p.args().string("user").orElseThrow());
        assertEquals("db vacuum", p.args().string("command").orElseThrow());
    }

    @Test
    void patternArgumentsTakeValuesWithColonsAndStars() throws UsageException {
        ParsedCommand p = parser.parse("cache clear pattern=session:*");
        assertEquals("session:*", p.args().string("pattern").orElseThrow());
        assertEquals("scan", p.args().string("mode").orElseThrow());
    }

    @Test
    void commandNamesAreCaseInsensitive() throws UsageException {
        assertEquals("db status", parser.parse("DB Status").command().name());
    }

    @Test
    void wholeNumberErrorNamesTheArgumentAndShowsUsage() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("audit limit=abc"));
        assertEquals("`limit` must be a whole number, like 20 (got `abc`). Usage: "
                + "`audit [user] [command] [since=24h] [limit=20]`", e.getMessage());
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("hlep"));
        assertEquals("I don't know the command `hlep`. Did you mean `help`? Type `help` to see every command.",
                e.getMessage());
    }

    @Test
    void misspelledVerbSuggestsWithinTheGroup() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("db vacum orders"));
        assertEquals("`db` has no `vacum`; it has status, vacuum. Did you mean `db vacuum`?", e.getMessage());
    }

    @Test
    void groupAloneListsItsVerbs() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("db"));
        assertEquals("`db` needs one of: status, vacuum (for example `db status`).", e.getMessage());
    }

    @Test
    void missingRequiredArgument() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("db vacuum"));
        assertEquals("`db vacuum` needs `table`. Usage: `db vacuum <table> [full=false] [target]`", e.getMessage());
    }

    @Test
    void unknownArgumentNameListsTheKnownOnes() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse("audit limt=5"));
        assertEquals("`audit` has no argument `limt`; it takes user, command, since, limit. "
                + "Usage: `audit [user] [command] [since=24h] [limit=20]`", e.getMessage());
    }

    @Test
    void badDurationEnumBoolPatternAndTargetEachSaySo() {
        assertTrue(msg("audit since=soon").startsWith("`since` must be a duration like 30s, 15m, 24h or 7d (got `soon`)"));
        assertTrue(msg("cache clear x mode=nuke").startsWith("`mode` must be one of scan, unlink (got `nuke`)"));
        assertTrue(msg("db vacuum orders full=maybe").startsWith("`full` must be true or false (got `maybe`)"));
        assertTrue(msg("cache clear 'a b'").startsWith("`pattern` must match `[A-Za-z0-9:*_-]+` (got `a b`)"));
        assertEquals("There is no postgres target `other`; configured: main.", msg("db vacuum orders target=other"));
    }

    @Test
    void numbersOutsideTheirRangeSayTheRangeNotThatTheyAreNoNumbers() {
        String usage = " Usage: `audit [user] [command] [since=24h] [limit=20]`";
        assertEquals("`limit` must be between 1 and 500 (got `-5`)." + usage, msg("audit limit=-5"));
        assertEquals("`limit` must be between 1 and 500 (got `0`)." + usage, msg("audit limit=0"));
        assertEquals("`limit` must be between 1 and 500 (got `501`)." + usage, msg("audit limit=501"));
        assertEquals("`limit` must be between 1 and 500 (got `99999999999999999999`)." + usage,
                msg("audit limit=99999999999999999999"));
    }

    @Test
    void aDurationTooLongSaysTheMaximumNotThatItIsNoDuration() {
        String usage = " Usage: `audit [user] [command] [since=24h] [limit=20]`";
        assertEquals("`since` may be at most 3650d (got `99999d`); use a shorter duration." + usage,
                msg("audit since=99999d"));
        assertEquals("`since` may be at most 3650d (got `9999999999999h`); use a shorter duration." + usage,
                msg("audit since=9999999999999h"));
        assertTrue(msg("audit since=-1h").startsWith("`since` must be a duration like"));
    }

    @Test
    void aHugeNumberWithoutARangeIsTooLargeNotNotANumber() {
        CommandFileReader.Result r = CommandFileReader.read("t.yml", """
                commands:
                  - name: db cancel
                    action: db.cancel
                    args:
                      - {name: pid, type: int, required: true}
                  - name: top
                    action: top
                    args:
                      - {name: n, type: int, min: 1}
                """, "admin", Set.of("viewer", "operator", "admin"));
        assertEquals(java.util.List.of(), r.problems());
        Parser p = new Parser(new CommandRegistry(r.commands()), type -> Set.of());
        UsageException e = assertThrows(UsageException.class, () -> p.parse("db cancel 99999999999999999999"));
        assertEquals("`pid` is too large (got `99999999999999999999`); use a smaller whole number. "
                + "Usage: `db cancel <pid>`", e.getMessage());
        e = assertThrows(UsageException.class, () -> p.parse("top 0"));
        assertEquals("`n` must be at least 1 (got `0`). Usage: `top [n]`", e.getMessage());
        e = assertThrows(UsageException.class, () -> p.parse("top 1.5"));
        assertTrue(e.getMessage().startsWith("`n` must be a whole number"), e.getMessage());
    }

    @Test
    void aGroupDefaultRunsForTheGroupAloneAndForWordsThatAreNoVerb() throws UsageException {
        CommandFileReader.Result r = CommandFileReader.read("t.yml", """
                commands:
                  - name: oncall show
                    action: oncall.show
                    group-default: true
                    args:
                      - {name: rotation, type: string}
                  - name: oncall override
                    action: oncall.override
                    args:
                      - {name: person, type: string, required: true}
                      - {name: duration, type: duration, required: true}
                  - name: db status
                    action: db.status
                """, "admin", Set.of("viewer", "operator", "admin"));
        assertEquals(java.util.List.of(), r.problems());
        Parser p = new Parser(new CommandRegistry(r.commands()), type -> Set.of());
        assertEquals("oncall show", p.parse("oncall").command().name());
        ParsedCommand primary = p.parse("oncall primary");
        assertEquals("oncall show", primary.command().name());
        assertEquals("primary", primary.args().string("rotation").orElseThrow());
        assertEquals("oncall override", p.parse("oncall override @bob 4h").command().name());
        UsageException typo = assertThrows(UsageException.class, () -> p.parse("oncall overide @bob 4h"));
        assertTrue(typo.getMessage().contains("Did you mean `oncall override`"), typo.getMessage());
        UsageException noDefault = assertThrows(UsageException.class, () -> p.parse("db"));
        assertTrue(noDefault.getMessage().startsWith("`db` needs one of: status"), noDefault.getMessage());

        CommandFileReader.Result single = CommandFileReader.read("s.yml", """
                commands:
                  - name: top
                    action: top
                    group-default: true
                """, "admin", Set.of("viewer", "operator", "admin"));
        assertEquals(java.util.List.of("s.yml:4: `group-default` is for a command of a group, like `oncall show`; `top` is "
                + "a single word"), single.problems().stream().map(Object::toString).toList());
    }

    @Test
    void boundsOfAnArgumentAreCheckedInTheCommandFile() {
        CommandFileReader.Result r = CommandFileReader.read("t.yml", """
                commands:
                  - name: a
                    action: a
                    args:
                      - {name: n, type: int, min: 10, max: 5}
                  - name: b
                    action: b
                    args:
                      - {name: n, type: int, default: "50", max: 5}
                  - name: c
                    action: c
                    args:
                      - {name: s, type: string, min: 1}
                """, "admin", Set.of("viewer", "operator", "admin"));
        assertEquals(java.util.List.of(
                "t.yml:5: `min` of `n` in `a` is larger than its `max`",
                "t.yml:9: default `50` of `n` in `b` is outside its `min` and `max`",
                "t.yml:13: `min` of `s` in `c` must be a whole number, and only an int argument may have one"),
                r.problems().stream().map(Object::toString).toList());
    }

    @Test
    void extraWordsAndRepeatedArgumentsAreRefused() {
        assertTrue(msg("db status now").startsWith("`db status` does not take `now`"));
        assertTrue(msg("audit limit=1 limit=2").startsWith("`limit` is given twice"));
    }

    @Test
    void emptyInputAndUnclosedQuotes() {
        assertEquals("Type a command, for example `help` or `status`.", msg("   "));
        assertEquals("A quote is not closed; close it or remove it.", msg("audit user=\"bob"));
    }

    @Test
    void curlyQuotesFromPhonesWorkLikeStraightOnes() throws UsageException {
        assertEquals("Jane Doe", parser.parse("audit user=\u201cJane Doe\u201d").args().string("user").orElseThrow());
    }

    private String msg(String line) {
        return assertThrows(UsageException.class, () -> parser.parse(line)).getMessage();
    }
}
