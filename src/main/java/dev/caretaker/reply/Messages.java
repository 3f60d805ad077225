package dev.caretaker.reply;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Every sentence a user reads, in one place so wording is reviewed together. Each error is one plain
 * sentence that says what is wrong and how to fix it; values typed by users are quoted and shortened.
 */
public final class Messages {

    private static final int ECHO_MAX = 60;

    private Messages() {
    }

    // ---- parsing -------------------------------------------------------------------------------

    public static String emptyCommand() {
        return "Type a command, for example `help` or `status`.";
    }

    public static String commandTooLong(int max) {
        return "That command is longer than " + max + " characters; shorten it.";
    }

    public static String unclosedQuote() {
        return "A quote is not closed; close it or remove it.";
    }

    public static String unknownCommand(String typed, List<String> closest) {
        if (closest.isEmpty()) {
            return "I don't know the command `" + echo(typed) + "`; type `help` to see every command.";
        }
        return "I don't know the command `" + echo(typed) + "`. Did you mean " + orList(closest)
                + "? Type `help` to see every command.";
    }

    public static String groupNeedsVerb(String group, List<String> verbs) {
        return "`" + group + "` needs one of: " + String.join(", ", verbs) + " (for example `" + group + " "
                + verbs.get(0) + "`).";
    }

    public static String unknownVerb(String group, String verb, List<String> verbs, List<String> closest) {
        String hint = closest.isEmpty() ? "" : " Did you mean " + orList(closest) + "?";
        return "`" + group + "` has no `" + echo(verb) + "`; it has " + String.join(", ", verbs) + "." + hint;
    }

    public static String unknownArg(String command, String usage, String key, List<String> argNames) {
        String known = argNames.isEmpty() ? "it takes no arguments" : "it takes " + String.join(", ", argNames);
        return "`" + command + "` has no argument `" + echo(key) + "`; " + known + ". Usage: `" + usage + "`";
    }

    public static String repeatedArg(String usage, String key) {
        return "`" + key + "` is given twice; give it once. Usage: `" + usage + "`";
    }

    public static String tooManyArgs(String command, String usage, String extra) {
        return "`" + command + "` does not take `" + echo(extra) + "`; quote values that contain spaces. Usage: `"
                + usage + "`";
    }

    public static String missingArg(String command, String usage, String arg) {
        return "`" + command + "` needs `" + arg + "`. Usage: `" + usage + "`";
    }

    public static String notAWholeNumber(String usage, String arg, String example, String text) {
        return "`" + arg + "` must be a whole number, like " + (example == null ? "20" : example) + " (got `"
                + echo(text) + "`). Usage: `" + usage + "`";
    }

    public static String notADuration(String usage, String arg, String text) {
        return "`" + arg + "` must be a duration like 30s, 15m, 24h or 7d (got `" + echo(text) + "`). Usage: `"
                + usage + "`";
    }

    public static String notABoolean(String usage, String arg, String text) {
        return "`" + arg + "` must be true or false (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    public static String notAChoice(String usage, String arg, List<String> choices, String text) {
        return "`" + arg + "` must be one of " + String.join(", ", choices) + " (got `" + echo(text)
                + "`). Usage: `" + usage + "`";
    }

    public static String doesNotMatch(String usage, String arg, String pattern, String help, String text) {
        String what = help.isBlank() ? "must match `" + pattern + "`" : "must be " + help;
        return "`" + arg + "` " + what + " (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    public static String unknownTarget(String targetType, String text, Collection<String> names) {
        String kind = targetType == null ? "target" : targetType + " target";
        if (names.isEmpty()) {
            return "There is no " + kind + " `" + echo(text) + "`, and none is configured; add one under "
                    + "`caretaker.targets` in config/caretaker.yml.";
        }
        return "There is no " + kind + " `" + echo(text) + "`; configured: " + String.join(", ", names) + ".";
    }

    // ---- access --------------------------------------------------------------------------------

    public static String missingRole(String role, String command) {
        return "You need the " + role + " role to run `" + command + "`. Ask an admin to add you under "
                + "`caretaker.roles." + role + "`.";
    }

    public static String wrongChannel(String command, Collection<String> channels) {
        return "`" + command + "` may only run in " + String.join(", ", channels) + "; run it there.";
    }

    public static String coolingDown(String command, Duration left) {
        return "`" + command + "` ran recently; it can run again in " + human(left) + ".";
    }

    public static String duplicate() {
        return "This request was already received; it runs once.";
    }

    // ---- confirmation and approval ---------------------------------------------------------------

    public static String confirmPrompt(String commandLine, Duration ttl) {
        return "About to run `" + commandLine + "`. Confirm within " + human(ttl) + ", or cancel.";
    }

    public static String confirmOnConsole(String token) {
        return "Type `confirm " + token + "` to run it or `cancel " + token + "` to drop it.";
    }

    public static String approvalPrompt(String requester, String commandLine, String role, int more, Duration ttl) {
        return requester + " asks to run `" + commandLine + "`. It needs " + more + " more "
                + (more == 1 ? "person" : "people") + " with the " + role + " role to approve within " + human(ttl)
                + ".";
    }

    public static String approveOnConsole(String token) {
        return "Another person types `approve " + token + "` to approve it or `reject " + token + "` to drop it.";
    }

    public static String pendingNotFound() {
        return "That request is not waiting any more: it expired, was already used, or never existed.";
    }

    public static String onlyRequesterMayConfirm(String requester) {
        return "Only " + requester + ", who asked for it, can confirm or cancel this.";
    }

    public static String requesterCannotApprove() {
        return "You asked for this yourself; another person with the role must approve it.";
    }

    public static String alreadyApproved() {
        return "You already approved this; another person must approve it too.";
    }

    public static String cancelledBy(String who, String commandLine) {
        return "`" + commandLine + "` was cancelled by " + who + "; nothing ran.";
    }

    public static String rejectedBy(String who, String commandLine) {
        return "`" + commandLine + "` was rejected by " + who + "; nothing ran.";
    }

    public static String confirmedBy(String who) {
        return "Confirmed by " + who + ".";
    }

    public static String approvedBy(String who) {
        return "Approved by " + who + ".";
    }

    public static String approvalNeverSkipped() {
        return "This command needs a second person's approval, which a one-shot run cannot get; run it from chat "
                + "or the console.";
    }

    public static String confirmWithYes(String commandLine) {
        return "`" + commandLine + "` needs confirmation; run it again with --yes to confirm.";
    }

    // ---- running -------------------------------------------------------------------------------

    public static String running(String commandLine) {
        return "Running `" + commandLine + "`…";
    }

    public static String actionFailed(String command, String requestId) {
        return "`" + command + "` failed unexpectedly; the log has the details under request " + requestId + ".";
    }

    public static String actionFailedBecause(String command, String reason) {
        return "`" + command + "` failed: " + reason;
    }

    public static String timedOut(String command, Duration timeout) {
        return "`" + command + "` did not finish within " + human(timeout) + " and was stopped.";
    }

    public static String internalError(String requestId) {
        return "Something went wrong on my side; the log has the details under request " + requestId + ".";
    }

    public static String limitOutOfRange(String arg, long min, long max) {
        return "`" + arg + "` must be between " + min + " and " + max + ".";
    }

    public static String auditEmpty(String since) {
        return "Nothing in the audit log for the last " + since + " that matches.";
    }

    public static String databaseUnreachable(String sqlState) {
        return "the database does not answer (SQL state " + (sqlState == null ? "none" : sqlState)
                + "); check that it runs and that DATASOURCES_DEFAULT_URL is right";
    }

    // ---- declared commands (exec, http) -------------------------------------------------------------

    public static String execOptionLike(String arg) {
        return "`" + arg + "` may not start with `-`, so it cannot be taken for an option; drop the dash.";
    }

    public static String execCannotStart(String program) {
        return "`" + program + "` could not be started; check that it is installed and on the PATH of the bot.";
    }

    public static String outputTruncated(int limit) {
        return "[output cut at " + limit + " characters; run it on the host for the rest]";
    }

    public static String noOutput() {
        return "(no output)";
    }

    public static String httpTimedOut(String method, String url, Duration timeout) {
        return method + " " + url + " did not answer within " + human(timeout) + ".";
    }

    public static String httpUnreachable(String method, String url) {
        return method + " " + url + " could not be reached; check that the service runs and the address is right.";
    }

    // ---- console -------------------------------------------------------------------------------

    public static String consoleWelcome() {
        return "Caretaker console. Type `help` for commands, `exit` to leave.";
    }

    public static String cliUsage() {
        return String.join("\n",
                "Usage: java -jar caretaker.jar [mode]",
                "  (no mode)              serve: HTTP endpoints, chat adapters, schedules",
                "  console                serve and open an interactive console",
                "  run \"<command>\" [--yes] run one command and exit (0 ok, 1 failed, 2 usage or denied, 3 config)",
                "  check-config           validate configuration and commands/*.yml, then exit");
    }

    public static String cliUnknownMode(String mode) {
        return "Unknown mode `" + echo(mode) + "`; use console, run \"<command>\", check-config, or no mode to serve.";
    }

    public static String cliRunNeedsCommand() {
        return "`run` needs a command, for example: run \"status\".";
    }

    public static String configOk(int commands) {
        return "Configuration OK: " + commands + " commands.";
    }

    public static String startupFailed(String reason) {
        return "Caretaker could not start: " + reason;
    }

    // ---- Slack adapter (chat.slack) -------------------------------------------------------------

    public static String slackOutputAttached(String fileName) {
        return "This is too long for one Slack message; the full output is in the attached file `" + fileName + "`.";
    }

    public static String slackOutputTooLongForPrivateReply() {
        return "This is too long for a reply only you can see, and Slack cannot attach a file to it; run the "
                + "command in a channel, or narrow it down, to see all of it.";
    }

    public static String slackRowsShown(int shown, int total) {
        return "Showing the first " + shown + " of " + total + " rows.";
    }

    public static String slackLinesShown(int shown, int total) {
        return "Showing the first " + shown + " of " + total + " lines.";
    }

    public static String slackChartAttached(String title) {
        return "Chart attached: " + title + ".";
    }

    public static String slackUnknownButton() {
        return "This button belongs to a feature this Caretaker does not have; ask an admin to upgrade it.";
    }

    public static String slackBusy() {
        return "Caretaker is busy with many commands right now; try again in a minute.";
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Durations as people say them: 45s, 5m, 1h 30m, 3d. */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 || s >= 600 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long h = (s % 86400) / 3600;
        return (s / 86400) + "d" + (h == 0 ? "" : " " + h + "h");
    }

    private static String orList(List<String> names) {
        List<String> quoted = names.stream().map(n -> "`" + n + "`").toList();
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    static String echo(String typed) {
        String oneLine = typed.replaceAll("[\\r\\n\\t`]", " ");
        return oneLine.length() <= ECHO_MAX ? oneLine : oneLine.substring(0, ECHO_MAX - 1) + "…";
    }
}
