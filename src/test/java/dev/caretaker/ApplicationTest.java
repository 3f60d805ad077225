package dev.caretaker;

import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runnable's one-shot modes and their exit codes, as an operator's script would see them. */
class ApplicationTest {

    @TempDir
    Path tmp;

    private final Map<String, String> props = new java.util.HashMap<>();

    @BeforeEach
    void configure() {
        props.put("datasources.default.url", TestDatabase.freshDatabaseUrl());
        props.put("datasources.default.username", "postgres");
        props.put("caretaker.commands-dir", CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE).toString());
        props.put("caretaker.console.roles", "operator");
        props.forEach(System::setProperty);
    }

    @AfterEach
    void clear() {
        props.keySet().forEach(System::clearProperty);
    }

    private record Result(int code, String out) {
    }

    private static Result launch(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Application.launch(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runHelpPrintsTheGroupedListAndExitsZero() {
        Result r = launch("run", "help");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("Caretaker commands\ngeneral\ncommand"), r.out());
        assertTrue(r.out().contains("audit [user] [command] [since=24h] [limit=20]  operator"), r.out());
        assertTrue(r.out().contains("\ntest\n"), "commands are grouped: " + r.out());
    }

    @Test
    void misspelledCommandExitsTwoAndSuggestsHelp() {
        Result r = launch("run", "hlep");
        assertEquals(2, r.code());
        assertEquals("I don't know the command `hlep`. Did you mean `help`? Type `help` to see every command.\n", r.out());
    }

    @Test
    void nonNumericLimitExitsTwoNamingTheArgument() {
        Result r = launch("run", "audit limit=abc");
        assertEquals(2, r.code());
        assertTrue(r.out().startsWith("`limit` must be a whole number"), r.out());
    }

    @Test
    void auditLimitOutsideOneToFiveHundredIsAUsageErrorNamingTheRange() {
        for (String limit : new String[] {"0", "-5", "501", "99999999999999999999"}) {
            Result r = launch("run", "audit limit=" + limit);
            assertEquals(2, r.code(), r.out());
            assertTrue(r.out().startsWith("`limit` must be between 1 and 500 (got `" + limit + "`)."), r.out());
        }
    }

    @Test
    void helpOfACommandShowsTheRangeOfItsNumbers() {
        Result r = launch("run", "help audit");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("argument  type            given        meaning"), r.out());
        assertTrue(r.out().contains("limit     int (1 to 500)  default 20"), r.out());
    }

    @Test
    void failedActionExitsOne() {
        assertEquals(1, launch("run", "test run fail=true").code());
    }

    @Test
    void confirmationNeedsYesAndApprovalIsNeverSkipped() {
        Result noYes = launch("run", "test confirm");
        assertEquals(2, noYes.code());
        assertEquals("`test confirm` needs confirmation; run it again with --yes to confirm.\n", noYes.out());
        assertEquals(0, launch("run", "--yes", "test confirm").code());
        Result approval = launch("run", "--yes", "test approve");
        assertEquals(2, approval.code());
        assertTrue(approval.out().startsWith("This command needs a second person's approval"), approval.out());
    }

    @Test
    void deniedExitsTwo() {
        System.setProperty("caretaker.console.roles", "viewer");
        Result r = launch("run", "test run");
        assertEquals(2, r.code());
        assertTrue(r.out().startsWith("You need the operator role to run `test run`."), r.out());
    }

    @Test
    void checkConfigExitsThreeNamingBothFilesOfADuplicate() {
        Path dir = CommandFiles.dir(tmp.resolve("dup"),
                "a.yml", "commands:\n  - name: x y\n    kind: exec\n    argv: [df]\n",
                "b.yml", "commands:\n  - name: x y\n    kind: exec\n    argv: [df]\n");
        System.setProperty("caretaker.commands-dir", dir.toString());
        Result r = launch("check-config");
        assertEquals(3, r.code());
        assertTrue(r.out().contains("commands/b.yml:2: duplicate command `x y`: also declared at commands/a.yml:2"),
                r.out());
    }

    @Test
    void aMistypedRoleSettingIsOneSentenceNamingTheKeyAndExitsThree() throws Exception {
        Path roles = java.nio.file.Files.writeString(tmp.resolve("roles.yml"),
                "caretaker:\n  roles:\n    operator:\n      slack-user: [U0123]\n");
        setProperty("micronaut.config.files", roles.toString());
        Result r = launch("check-config");
        assertEquals(3, r.code(), r.out());
        assertEquals("Caretaker could not start: `caretaker.roles.operator.slack-user` is not a role setting; list "
                + "people under discord-users, discord-roles, slack-users or slack-usergroups.\n", r.out());
    }

    @Test
    void checkConfigOnGoodConfigExitsZero() {
        Result r = launch("check-config");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("Configuration OK: "), r.out());
    }

    @Test
    void aBrokenConfigFileIsOneSentenceNamingFileAndLineAndExitsThree() throws Exception {
        Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.yml"), "caretaker:\n  roles: [unclosed\n");
        setProperty("micronaut.config.files", bad.toString());
        Result r = launch("run", "status");
        assertEquals(3, r.code(), r.out());
        assertEquals("`" + bad + "` is not valid YAML at line 2 (expected ',' or ']', but got <stream end>); check the "
                + "indentation and quotes there.\n", r.out());
    }

    @Test
    void aConfigFileWithBadIndentationNamesTheOffendingLine() throws Exception {
        Path bad = java.nio.file.Files.writeString(tmp.resolve("indent.yml"),
                "caretaker:\n  console:\n    roles: [admin]\n   history: x\n");
        setProperty("micronaut.config.files", bad.toString());
        Result r = launch("check-config");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().startsWith("`" + bad + "` is not valid YAML at line 4 ("), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void aMissingConfigFileIsOneSentenceAndExitsThree() {
        Path missing = tmp.resolve("nope.yml");
        setProperty("micronaut.config.files", missing.toString());
        Result r = launch("check-config");
        assertEquals(3, r.code(), r.out());
        assertEquals("The configuration file `" + missing + "` does not exist or cannot be read; fix the path in "
                + "MICRONAUT_CONFIG_FILES.\n", r.out());
    }

    @Test
    void aDatabaseThatIsDownIsOneSentenceAndExitsThree() throws Exception {
        int port = closedPort();
        setProperty("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + port + "/caretaker");
        Result r = launch("run", "status");
        assertEquals(3, r.code(), r.out());
        assertEquals("Caretaker cannot connect to its database (Connection to 127.0.0.1:" + port + " refused); check "
                + "that PostgreSQL runs and that DATASOURCES_DEFAULT_URL, _USERNAME and _PASSWORD are right, or unset "
                + "DATASOURCES_DEFAULT_URL to use the embedded one.\n", r.out());
    }

    @Test
    void aRedisThatIsDownIsOneSentenceAndExitsThree() throws Exception {
        int port = closedPort();
        setProperty("redis.uri", "redis://:hunter2@127.0.0.1:" + port);
        Result r = launch("run", "status");
        assertEquals(3, r.code(), r.out());
        assertEquals("Caretaker cannot connect to Redis at redis://127.0.0.1:" + port + " (Connection refused); start "
                + "Redis or fix REDIS_URI, or unset REDIS_URI to run a single replica with the in-memory coordinator.\n",
                r.out());
        setProperty("redis.uri", "not a uri");
        assertEquals("REDIS_URI is not a valid Redis URI; write it like redis://host:6379 (or "
                + "rediss://user:password@host:6380).\n", launch("run", "status").out());
    }

    @Test
    void aBusyHttpPortIsOneSentenceAndExitsThreeInsteadOfAStackTrace() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket()) {
            busy.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            setProperty("micronaut.server.port", Integer.toString(busy.getLocalPort()));
            setProperty("micronaut.server.host", "127.0.0.1");
            Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                    () -> launch("serve"));
            assertEquals(3, r.code(), r.out());
            assertEquals("Port " + busy.getLocalPort() + " is already in use; stop what listens there or set "
                    + "MICRONAUT_SERVER_PORT to a free port.\n", r.out());
        }
    }

    @Test
    void aPortThatIsNoPortIsOneSentenceInCheckConfigAndServe() {
        for (String port : new String[] {"abc", "99999"}) {
            setProperty("micronaut.server.port", port);
            String sentence = "Caretaker could not start: MICRONAUT_SERVER_PORT (micronaut.server.port) must be a port "
                    + "number from 0 to 65535 (got `" + port + "`); set it to a free port such as 8080.\n";
            Result check = launch("check-config");
            assertEquals(3, check.code(), check.out());
            assertEquals(sentence, check.out());
            Result serve = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                    () -> launch("serve"));
            assertEquals(3, serve.code(), serve.out());
            assertEquals(sentence, serve.out());
        }
        assertEquals(0, launch("run", "whoami").code(), "run starts no server, so the port does not matter");
    }

    @Test
    void aSettingOfTheWrongTypeNamesTheSetting() {
        setProperty("datasources.default.maximum-pool-size", "lots");
        Result r = launch("run", "whoami");
        assertEquals(3, r.code(), r.out());
        assertEquals("The setting `datasources.default.maximum-pool-size` has a value of the wrong type; fix it in the "
                + "configuration file or in DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE (see config/caretaker.yml for its "
                + "form).\n", r.out());
    }

    @Test
    void aBadValueInASettingsRecordNamesTheSettingAndExitsThree() {
        setProperty("caretaker.leader.lease", "soon");
        Result r = launch("run", "whoami");
        assertEquals(3, r.code(), r.out());
        assertEquals("Caretaker could not start: The setting `caretaker.leader.lease` is `soon`, which is not a duration "
                + "such as 30s, 5m or 1h; fix it in the configuration file or in CARETAKER_LEADER_LEASE (see "
                + "config/caretaker.yml for its form).\n", r.out());
    }

    @Test
    void aScheduleOfACommandThatNeedsApprovalStopsTheStartWithOneSentence() {
        setProperty("caretaker.schedules[0].name", "weekly-approve");
        setProperty("caretaker.schedules[0].cron", "0 3 * * 1");
        setProperty("caretaker.schedules[0].command", "test approve");
        setProperty("caretaker.schedules[0].channel", "console");
        setProperty("caretaker.schedules[0].as", "admin");
        Result r = launch("check-config");
        assertEquals(3, r.code(), r.out());
        assertEquals("Caretaker could not start: The schedule `weekly-approve` (caretaker.schedules[0].command) runs "
                + "`test approve`, which needs another person's approval, and nobody is there to give it on a schedule; "
                + "schedule a command that needs no approval.\n", r.out());
    }

    private void setProperty(String key, String value) {
        props.put(key, value);
        System.setProperty(key, value);
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void unknownModeAndMissingCommandAreUsageErrors() {
        assertEquals(2, launch("serv").code());
        Result r = launch("run");
        assertEquals(2, r.code());
        assertEquals("`run` needs a command, for example: run \"status\".\n", r.out());
    }
}
