package dev.caretaker.action.builtin;

import java.time.Duration;
import java.util.List;

import static dev.caretaker.reply.Format.human;

/** Sentences of the built-in commands help, status, whoami and audit. */
final class BuiltinMessages {

    private BuiltinMessages() {
    }

    static String limitOutOfRange(String arg, long min, long max) {
        return "`" + arg + "` must be between " + min + " and " + max + ".";
    }

    static String auditEmpty(String since) {
        return "Nothing in the audit log for the last " + since + " that matches.";
    }

    static String databaseUnreachable(String sqlState) {
        return "the database does not answer (SQL state " + (sqlState == null ? "none" : sqlState)
                + "); check that it runs and that DATASOURCES_DEFAULT_URL is right";
    }

    static String statusAllGood() {
        return "All good";
    }

    static String statusSomethingDown() {
        return "Something is down";
    }

    static List<String> statusColumns() {
        return List.of("part", "state", "detail");
    }

    static String servicePart() {
        return "service";
    }

    static String databasePart() {
        return "database";
    }

    static String coordinatorPart() {
        return "coordinator";
    }

    static String partOk() {
        return "ok";
    }

    static String partDown() {
        return "down";
    }

    static String serviceDetail(Duration uptime, long usedMb, long maxMb, int java) {
        return "up " + human(uptime) + ", heap " + usedMb + " MB of " + maxMb + " MB, Java " + java;
    }

    static String databaseDetail(String version, String size, long connections, Duration answeredIn) {
        return "PostgreSQL " + version + ", " + size + ", " + connections + " connections, answered in "
                + answeredIn.toMillis() + " ms";
    }

    static String whoamiHeader(String name) {
        return "You are " + name;
    }

    static String nameLabel() {
        return "Name";
    }

    static String platformLabel() {
        return "Platform";
    }

    static String userIdLabel() {
        return "User id";
    }

    static String groupsLabel() {
        return "Groups";
    }

    static String rolesLabel() {
        return "Roles";
    }

    static String channelLabel() {
        return "Channel";
    }

    static String auditHeader(int count, String since) {
        return "Audit: " + count + " most recent in the last " + since;
    }

    static List<String> auditColumns() {
        return List.of("when (UTC)", "who", "command", "result", "took", "request");
    }

    static String millis(Duration took) {
        return took.toMillis() + " ms";
    }

    /** An audit row whose action started and never recorded an outcome (the replica died meanwhile). */
    static String neverFinished() {
        return "started, never finished";
    }
}
