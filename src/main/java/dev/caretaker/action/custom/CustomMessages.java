package dev.caretaker.action.custom;

import java.time.Duration;
import java.util.Collection;

import static dev.caretaker.reply.Format.human;

/** Sentences of the declared command kinds exec, http and sql, and of their files. */
final class CustomMessages {

    private CustomMessages() {
    }

    static String execOptionLike(String arg) {
        return "`" + arg + "` may not start with `-`, so it cannot be taken for an option; drop the dash.";
    }

    static String execCannotStart(String program) {
        return "`" + program + "` could not be started; check that it is installed and on the PATH of the bot.";
    }

    static String outputTruncated(int limit) {
        return "[output cut at " + limit + " characters; run it on the host for the rest]";
    }

    static String noOutput() {
        return "(no output)";
    }

    static String httpTimedOut(String method, String url, Duration timeout) {
        return method + " " + url + " did not answer within " + human(timeout) + ".";
    }

    static String httpUnreachable(String method, String url) {
        return method + " " + url + " could not be reached; check that the service runs and the address is right.";
    }

    static String sqlStatementMissing(String command) {
        return "`" + command + "` (kind sql) needs a `statement`, such as SELECT count(*) FROM orders WHERE status = {status}.";
    }

    static String sqlOneStatement(String command) {
        return "`" + command + "` has more than one statement; a sql command runs exactly one query, so remove the `;`.";
    }

    static String sqlUnknownPlaceholder(String command, String placeholder) {
        return "`" + command + "` uses {" + placeholder + "} in its statement but declares no arg `" + placeholder
                + "`; declare it under args or fix the name.";
    }

    static String sqlUnknownTarget(String command, String target, Collection<String> names) {
        return "`" + command + "` names target `" + target + "`, which is not a configured postgres target"
                + (names.isEmpty() ? "" : " (configured: " + String.join(", ", names) + ")") + ".";
    }

    static String sqlBadSetting(String command, String reason) {
        return "`" + command + "`: " + reason + ".";
    }

    static String sqlNoRows() {
        return "No rows.";
    }

    static String sqlRowsCapped(int shown) {
        return "Showing the first " + shown + " rows.";
    }

    /** The header of an exec command's reply: the command it ran, and its exit code when that is not 0. */
    static String execHeader(String commandLine, int exitCode) {
        return commandLine + (exitCode == 0 ? "" : " (exit " + exitCode + ")");
    }

    static String httpStatusLabel() {
        return "Status";
    }

    static String httpExpectedLabel() {
        return "Expected";
    }

    /** The status an http command expects: the one it declares, or any 2xx. */
    static String httpExpected(Integer status) {
        return status == null ? "2xx" : status.toString();
    }

    static String tookLabel() {
        return "Took";
    }

    static String millis(Duration took) {
        return took.toMillis() + " ms";
    }
}
