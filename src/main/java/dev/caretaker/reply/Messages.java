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

    /** {@code min} or {@code max} may be null (unbounded on that side), not both. */
    public static String notInRange(String usage, String arg, Long min, Long max, String text) {
        String range = min == null ? "at most " + max : max == null ? "at least " + min
                : "between " + min + " and " + max;
        return "`" + arg + "` must be " + range + " (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    public static String numberTooLarge(String usage, String arg, String text) {
        return "`" + arg + "` is too large (got `" + echo(text) + "`); use a smaller whole number. Usage: `" + usage
                + "`";
    }

    public static String notADuration(String usage, String arg, String text) {
        return "`" + arg + "` must be a duration like 30s, 15m, 24h or 7d (got `" + echo(text) + "`). Usage: `"
                + usage + "`";
    }

    public static String durationTooLong(String usage, String arg, String max, String text) {
        return "`" + arg + "` may be at most " + max + " (got `" + echo(text) + "`); use a shorter duration. Usage: `"
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

    public static String decisionNeedsToken(String word) {
        return "`" + word + "` needs the token from the preview, like `" + word + " k3x9p2`; copy it from the line "
                + "that asked.";
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

    public static String unknownButton() {
        return "That button is not in use any more; run the command again.";
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

    /** A command file problem, after its file name. */
    public static String notUtf8() {
        return "is not UTF-8 text; save it as UTF-8 (or remove it if it is not a command file)";
    }

    public static String configFileNotYaml(String files, int line, String problem) {
        String where = line > 0 ? " at line " + line : "";
        return "`" + files + "` is not valid YAML" + where + " (" + problem + "); check the indentation and quotes"
                + " there.";
    }

    public static String configFileUnreadable(String file) {
        return "The configuration file `" + file + "` does not exist or cannot be read; fix the path in "
                + "MICRONAUT_CONFIG_FILES.";
    }

    public static String badServerPort(String port) {
        return "MICRONAUT_SERVER_PORT (micronaut.server.port) must be a port number from 0 to 65535 (got `" + echo(port)
                + "`); set it to a free port such as 8080.";
    }

    public static String settingHasWrongType(String key, String environmentVariable) {
        return "The setting `" + key + "` has a value of the wrong type; fix it in the configuration file or in "
                + environmentVariable + " (see config/caretaker.yml for its form).";
    }

    public static String portInUse(String port) {
        return "Port " + port + " is already in use; stop what listens there or set MICRONAUT_SERVER_PORT to a free port.";
    }

    public static String databaseUnreachableAtStart(String reason) {
        return "Caretaker cannot connect to its database (" + reason + "); check that PostgreSQL runs and that "
                + "DATASOURCES_DEFAULT_URL, _USERNAME and _PASSWORD are right, or unset DATASOURCES_DEFAULT_URL to use "
                + "the embedded one.";
    }

    public static String redisUnreachable(String address, String reason) {
        return "Caretaker cannot connect to Redis at " + address + " (" + reason + "); start Redis or fix REDIS_URI, "
                + "or unset REDIS_URI to run a single replica with the in-memory coordinator.";
    }

    public static String redisUriInvalid() {
        return "REDIS_URI is not a valid Redis URI; write it like redis://host:6379 (or rediss://user:password@host:6380).";
    }

    // ---- Discord adapter -------------------------------------------------------------------------

    public static String discordFullReplyAttached(int shownLines, int totalLines, String fileName) {
        if (shownLines == 0) {
            return "This reply is too long for Discord; all of it is in the attached file " + fileName + ".";
        }
        return "Showing the first " + shownLines + " of " + totalLines + " lines; all of it is in the attached file "
                + fileName + ".";
    }

    public static String discordButtonsLeftOut(int count) {
        return count + (count == 1 ? " button does" : " buttons do") + " not fit on Discord and "
                + (count == 1 ? "was" : "were") + " left out; run the command from the console to see every choice.";
    }

    public static String discordEmptyReply() {
        return "Done.";
    }

    public static String discordDmsRefused() {
        return "Commands are not accepted in direct messages; run it in a server channel where I am present.";
    }

    public static String discordUnknownButton() {
        return "That button is not in use any more; run the command again.";
    }

    // ---- Alerts ----------------------------------------------------------------------------------
    // Sentences of probes, alerts, the Alertmanager intake, alert buttons and the alert commands.

    public static String probeSettingMissing(String key) {
        return "`" + key + "` is required for this target type";
    }

    public static String probeSettingNotNumber(String key) {
        return "`" + key + "` must be a number like 80 or 0.05";
    }

    public static String settingNotUrl(String key) {
        return "`" + key + "` must be a full URL like https://example.com/health";
    }

    public static String probeDurationsPositive() {
        return "`interval` and `timeout` must be longer than zero";
    }

    public static String probeNeedsHostPort() {
        return "it needs `host` and `port` (1 to 65535), or a `url`";
    }

    public static String prometheusNeedsLevel() {
        return "a prometheus target needs `query` and a `warn` or `critical` level for its value";
    }

    public static String probeTimedOut(Duration timeout) {
        return "No answer within " + humanPrecise(timeout) + ".";
    }

    public static String probeCrashed(String errorType) {
        return "The check itself failed (" + errorType + "); see the Caretaker log.";
    }

    public static String probeUnreachable(String what, String reason) {
        return "Could not check " + what + ": " + echo(reason) + ".";
    }

    /** A measured value, e.g. "Disk /data used: 91.2 % (above 90 %)." */
    public static String probeValue(String label, String value, String unit, String crossed) {
        return label + ": " + value + (unit.isEmpty() ? "" : " " + unit) + (crossed.isEmpty() ? "" : " (" + crossed + ")")
                + ".";
    }

    public static String latencyLabel(String what) {
        return "Response time of " + what;
    }

    public static String diskLabel(String path) {
        return "Disk used at " + path;
    }

    public static String databaseLabel(String target) {
        return "database `" + target + "`";
    }

    public static String connectionsLabel() {
        return "Connections in use";
    }

    public static String longestTransactionLabel() {
        return "Oldest open transaction";
    }

    public static String prometheusLabel(String query) {
        return "Value of `" + echo(query) + "`";
    }

    public static String diskSizeUnknown(String path) {
        return "The size of the disk holding " + path + " is unknown.";
    }

    public static String httpStatusUnexpected(String url, int got, int expected) {
        return url + " answered HTTP " + got + ", expected " + expected + ".";
    }

    public static String httpBodyMissing(String url, String expected) {
        return url + " answered without `" + echo(expected) + "` in its body.";
    }

    public static String httpJsonMismatch(String url, String path, String expected, String got) {
        return url + " answered `" + path + "` = " + (got == null ? "nothing" : "`" + echo(got) + "`")
                + (expected == null ? "" : ", expected `" + echo(expected) + "`") + ".";
    }

    public static String tlsExpiry(String what, java.time.Instant notAfter, double days, String crossed) {
        return "The certificate of " + what + " expires on " + java.time.format.DateTimeFormatter.ISO_LOCAL_DATE
                .withZone(java.time.ZoneOffset.UTC).format(notAfter) + ", in " + (long) Math.floor(days) + " days"
                + (crossed.isEmpty() ? "" : " (" + crossed + ")") + ".";
    }

    public static String prometheusBadAnswer(String base, String error) {
        return "Prometheus at " + base + " did not answer the query: " + echo(error) + ".";
    }

    public static String prometheusNoData(String query) {
        return "The query `" + echo(query) + "` returned no data.";
    }

    // alert routes (configuration)

    public static String alertRouteNotAMap(int index) {
        return "`caretaker.alerts.routes[" + index + "]` must have `match`, `channels` and optionally `mention`.";
    }

    public static String alertRouteWithoutChannels(int index) {
        return "`caretaker.alerts.routes[" + index + "]` has no channels; list addresses like slack:C0123ABCD, "
                + "discord:112233445566778899 or console under `channels`.";
    }

    public static String alertChannelInvalid(String key, String text) {
        return "`" + key + "` has `" + echo(text) + "`, which is not a channel address; use slack:C0123ABCD, "
                + "discord:112233445566778899 or console.";
    }

    // alert messages

    private static final java.time.format.DateTimeFormatter ALERT_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    public static String alertTime(java.time.Instant at) {
        return ALERT_TIME.format(at);
    }

    private static String severityWord(String severity) {
        return switch (severity) {
            case "critical" -> "Critical";
            case "warning" -> "Warning";
            case "resolved" -> "Resolved";
            default -> "Info";
        };
    }

    public static String alertHeader(String severityOrResolved, String name) {
        return severityWord(severityOrResolved) + ": " + name;
    }

    public static String alertGroupHeader(String severityOrResolved, String name, int open, int total) {
        return severityWord(severityOrResolved) + ": " + name + " ("
                + (open == 0 ? total + " alerts, all resolved" : open + " of " + total + " firing") + ")";
    }

    public static String alertFooter(long id, String source) {
        return "Alert #" + id + " from " + ("probe".equals(source) ? "a Caretaker probe" : "Alertmanager")
                + " · `alert ack " + id + "`, `alert silence " + id + " 1h`";
    }

    public static String alertGroupFooter(long groupId, int alerts) {
        return "Alert group g" + groupId + " · " + alerts + " alerts · `alerts state=open` lists them";
    }

    public static String alertGroupCounts(long firing, long acked, long silenced, long resolved) {
        List<String> parts = new java.util.ArrayList<>();
        if (firing > 0) {
            parts.add(firing + " firing");
        }
        if (acked > 0) {
            parts.add(acked + " acknowledged");
        }
        if (silenced > 0) {
            parts.add(silenced + " silenced");
        }
        if (resolved > 0) {
            parts.add(resolved + " resolved");
        }
        return String.join(", ", parts) + ".";
    }

    public static String alertSince(java.time.Instant since, java.time.Instant now) {
        return alertTime(since) + " (" + human(Duration.between(since, now)) + " ago)";
    }

    public static String alertGroupMore(int more) {
        return "… and " + more + " more; `alerts state=open` lists them all.";
    }

    public static String alertEscalationHeader(String name, Duration unacked) {
        return "Still unacknowledged after " + human(unacked) + ": " + name;
    }

    public static String alertStateFiring(java.time.Instant started, java.time.Instant now) {
        return "Firing since " + alertSince(started, now);
    }

    public static String alertStateAcked(String by, java.time.Instant at, java.time.Instant started, java.time.Instant now) {
        return "Acknowledged by " + by + " at " + alertTime(at) + "; firing since " + alertSince(started, now);
    }

    public static String alertStateSilenced(java.time.Instant until, java.time.Instant started, java.time.Instant now) {
        return "Silenced until " + (until == null ? "further notice" : alertTime(until)) + "; firing since "
                + alertSince(started, now);
    }

    public static String alertStateResolved(java.time.Instant at, Duration lasted) {
        return "Resolved at " + (at == null ? "an unknown time" : alertTime(at)) + " after " + human(lasted);
    }

    // thread replies

    public static String alertSeverityChanged(String severity, String detail) {
        return "Now " + severity + ": " + detail;
    }

    public static String alertResolvedAfter(Duration lasted) {
        return "Resolved after " + human(lasted) + ".";
    }

    public static String alertGroupResolved() {
        return "All alerts of this group are resolved.";
    }

    public static String alertGroupChanged(List<String> fired, List<String> resolved) {
        List<String> parts = new java.util.ArrayList<>();
        if (!fired.isEmpty()) {
            parts.add(fired.size() + " more firing" + names(fired));
        }
        if (!resolved.isEmpty()) {
            parts.add(resolved.size() + " resolved" + names(resolved));
        }
        return String.join("; ", parts) + ".";
    }

    private static String names(List<String> names) {
        List<String> distinct = names.stream().distinct().limit(5).toList();
        return " (" + String.join(", ", distinct) + (names.stream().distinct().count() > 5 ? ", …" : "") + ")";
    }

    public static String alertAckedBy(String who, String name) {
        return "Acknowledged by " + who + ".";
    }

    public static String alertGroupAckedBy(String who, int count) {
        return "Acknowledged by " + who + " (" + count + " alerts).";
    }

    public static String alertSilencedBy(String who, Duration d, java.time.Instant until) {
        return "Silenced for " + human(d) + " by " + who + ", until " + alertTime(until) + ".";
    }

    public static String alertSilenceEnded(String name) {
        return "The silence of " + name + " ended and it is still firing.";
    }

    // answers to Ack / Silence

    public static String alertNotFound(long id) {
        return "There is no alert #" + id + "; `alerts state=all` lists them.";
    }

    public static String alertGroupNotFound(long id) {
        return "There is no alert group g" + id + "; `alerts state=all` lists the alerts.";
    }

    public static String alertAlreadyResolved(long id) {
        return "Alert #" + id + " is already resolved.";
    }

    public static String alertAlreadyAcked(long id, String by) {
        return "Alert #" + id + " was already acknowledged by " + by + ".";
    }

    public static String alertGroupNothingToAck() {
        return "Every open alert of this group is already acknowledged.";
    }

    public static String alertGroupAllResolved() {
        return "Every alert of this group is already resolved.";
    }

    public static String alertAcked(long id, String name) {
        return "Acknowledged alert #" + id + " (" + name + "); it will not escalate.";
    }

    public static String alertGroupAcked(int count) {
        return "Acknowledged " + count + " alerts; they will not escalate.";
    }

    public static String alertSilenced(String what, Duration d, java.time.Instant until, boolean inAlertmanager) {
        return "Silenced " + what + " for " + human(d) + ", until " + alertTime(until)
                + (inAlertmanager ? ", in Alertmanager." : ".");
    }

    public static String alertSilenceComment(String who) {
        return "Silenced from Caretaker by " + who;
    }

    public static String alertButtonValueInvalid() {
        return "That alert button is not valid any more; use `alert ack <id>` or `alert silence <id> 1h`.";
    }

    public static String alertSilenceOutOfRange(String max) {
        return "A silence must last between 1 minute and " + max + "; for example `alert silence 12 4h`.";
    }

    public static String alertsEmpty(String state) {
        return "No " + ("all".equals(state) ? "" : state + " ") + "alerts.";
    }

    public static String alertHistoryEmpty(String since) {
        return "No alerts in the last " + since + ".";
    }

    // Alertmanager

    public static String alertmanagerNotJson() {
        return "The body is not JSON; send Alertmanager's webhook payload (version 4).";
    }

    public static String alertmanagerWrongVersion(String version) {
        return "The payload has version `" + echo(version) + "`; Caretaker reads Alertmanager webhook version 4.";
    }

    public static String alertmanagerNoAlerts() {
        return "The payload has no `alerts` list; send Alertmanager's webhook payload (version 4).";
    }

    public static String alertmanagerBadAlert(int index, String problem) {
        return "Alert " + (index + 1) + " of the payload " + problem + ".";
    }

    public static String alertmanagerTokenMissing() {
        return "The Alertmanager webhook is off: set CARETAKER_ALERTS_TOKEN (caretaker.alerts.token) to a long random "
                + "secret and send it as a bearer token.";
    }

    public static String alertmanagerUnauthorized() {
        return "Send the webhook token as `Authorization: Bearer <token>` (http_config.authorization in Alertmanager).";
    }

    public static String alertmanagerAccepted(int alerts, int changed) {
        return "Accepted " + alerts + " alert(s), " + changed + " changed.";
    }

    public static String alertmanagerUrlMissing() {
        return "Silencing an Alertmanager alert needs caretaker.alerts.alertmanager-url (e.g. http://alertmanager:9093).";
    }

    public static String alertmanagerUnreachable(String url) {
        return "Alertmanager at " + url + " could not be reached, so nothing was silenced; try again or silence it there.";
    }

    public static String alertmanagerRefusedSilence(int status) {
        return "Alertmanager refused the silence (HTTP " + status + "), so nothing was silenced; see the Caretaker log.";
    }

    // ---- PostgreSQL ----------------------------------------------------------------------------
    // Sentences of the db commands, the sql command kind and postgres target configuration.

    public static String targetTypeMissing(String target) {
        return "Target `" + target + "` has no type; set `caretaker.targets." + target + ".type` to postgres, redis, "
                + "http, tcp, tls, disk or prometheus.";
    }

    public static String targetTypeUnknown(String target, String type, Collection<String> known) {
        return "Target `" + target + "` has type `" + echo(type) + "`; use one of " + String.join(", ", known) + ".";
    }

    public static String targetMisconfigured(String target, String reason) {
        return "Target `" + target + "` is misconfigured: " + reason + "; fix it under `caretaker.targets." + target + "`.";
    }

    public static String postgresNeedsUrl() {
        return "a postgres target needs `url` (or `host`, `port` and `database`)";
    }

    public static String settingNotDuration(String key) {
        return "`" + key + "` must be a duration like 5s, 30s or 5m";
    }

    public static String settingNotNumber(String key) {
        return "`" + key + "` must be a whole number";
    }

    public static String settingTooSmall(String key, int min) {
        return "`" + key + "` must be at least " + min;
    }

    public static String retentionNotAList() {
        return "`retention` must be a list of rules, each with table, column and keep";
    }

    public static String retentionRuleIncomplete(String table) {
        return "a retention rule" + (table == null ? "" : " for `" + table + "`")
                + " needs table, column and keep (a duration like 90d)";
    }

    public static String retentionKeepInvalid(String table) {
        return "the retention rule for `" + table + "` needs keep as a positive duration like 30d or 90d";
    }

    public static String retentionWhereHasSemicolon(String table) {
        return "the retention rule for `" + table + "` has a `;` in where; where takes one condition, such as "
                + "status = 'done'";
    }

    public static String noPostgresTarget() {
        return "No PostgreSQL target is configured; add one under `caretaker.targets` with `type: postgres`.";
    }

    public static String dbChooseTarget(Collection<String> names) {
        return "There are several PostgreSQL targets (" + String.join(", ", names) + "); say which with target=<name>.";
    }

    public static String dbUnreachable(String target, String detail) {
        return "I can't connect to `" + target + "`" + (detail.isBlank() ? "" : " (" + echo(detail) + ")")
                + "; check that it is up and its url and credentials under `caretaker.targets." + target + "`.";
    }

    public static String dbConnectionLost(String target) {
        return "The connection to `" + target + "` was lost while the command ran; check that the database is up, "
                + "then run it again.";
    }

    public static String dbTimedOut(String target, Duration timeout) {
        return "`" + target + "` did not finish " + (timeout == null ? "in time" : "within " + human(timeout))
                + ", so I stopped the statement; try again when it is less busy.";
    }

    public static String dbCancelled(String target) {
        return "Someone cancelled the statement on `" + target + "` while it ran; nothing more was done.";
    }

    public static String dbLockTimeout(String target, Duration lockTimeout) {
        return "Another session on `" + target + "` held a lock I needed for more than " + human(lockTimeout)
                + "; `db locks` shows who, then try again.";
    }

    public static String dbPermission(String target, String detail) {
        return "The database user of `" + target + "` lacks a privilege (" + echo(detail)
                + "); grant it or configure another user.";
    }

    public static String dbReadOnly(String target) {
        return "This command is read-only and tried to change data on `" + target
                + "`; the database refused, so nothing changed.";
    }

    public static String dbNotFound(String target, String name) {
        return "`" + target + "` has no table, index or column `" + echo(name)
                + "`; check the name (schema.table for other schemas), `db sizes` lists the tables.";
    }

    public static String dbError(String target, String detail) {
        return "`" + target + "` answered with an error: " + echo(detail) + ".";
    }

    public static String dbStatusHeader(String target, String database, String version) {
        return "PostgreSQL `" + target + "`: database " + database + ", version " + version;
    }

    public static String dbRateFirstReading() {
        return "first reading; ask again for a rate";
    }

    public static String dbNoReplicas() {
        return "no replicas";
    }

    public static String dbStatementsAvailable() {
        return "available (`db slow`)";
    }

    public static String dbStatementsNotLoaded(String target) {
        return "pg_stat_statements is installed on `" + target + "` but not loaded: add pg_stat_statements to "
                + "shared_preload_libraries in postgresql.conf and restart PostgreSQL.";
    }

    public static String dbStatementsNotInstalled(String target) {
        return "pg_stat_statements is not enabled on `" + target + "`: add pg_stat_statements to "
                + "shared_preload_libraries in postgresql.conf, restart PostgreSQL, then run "
                + "CREATE EXTENSION pg_stat_statements; in the database.";
    }

    public static String dbSlowEmpty(String target) {
        return "pg_stat_statements on `" + target + "` has recorded no statements yet.";
    }

    public static String dbQueriesHeader(String target, Duration min) {
        return "Queries on `" + target + "` running longer than " + human(min);
    }

    public static String dbQueriesNone(String target, Duration min) {
        return "No query on `" + target + "` has been running longer than " + human(min) + ".";
    }

    public static String dbQueriesHint() {
        return "Stop a statement with `db cancel <pid>`, end a session with `db terminate <pid>`.";
    }

    public static String dbCancelSent(int pid, String user, String running) {
        return "Cancelled the statement of pid " + pid + (user.isBlank() ? "" : " (" + user + ")")
                + (running.isBlank() ? "" : ", which had run for " + running) + ".";
    }

    public static String dbTerminateSent(int pid, String user) {
        return "Terminated the session of pid " + pid + (user.isBlank() ? "" : " (" + user + ")")
                + "; its open transaction was rolled back.";
    }

    public static String dbNoSuchPid(long pid) {
        return "There is no session with pid " + pid + "; `db queries` lists the current ones.";
    }

    public static String dbOwnSession(int pid) {
        return "pid " + pid + " is one of Caretaker's own sessions; I won't cancel or terminate it.";
    }

    public static String dbSignalNotSent(int pid) {
        return "The server did not signal pid " + pid + "; the session had probably just ended.";
    }

    public static String dbLocksNone(String target) {
        return "No session on `" + target + "` is waiting for a lock.";
    }

    public static String dbLocksHeader(String target, int waiting) {
        return waiting + (waiting == 1 ? " session" : " sessions") + " waiting for locks on `" + target + "`";
    }

    public static String dbLocksRoots(List<Integer> pids) {
        String list = String.join(", ", pids.stream().map(String::valueOf).toList());
        int first = pids.get(0);
        return "Blocking everyone else: pid " + list + ". Stop its statement with `db cancel " + first
                + "` or end its session with `db terminate " + first + "`.";
    }

    public static String dbSizesHeader(String target) {
        return "Largest tables on `" + target + "`";
    }

    public static String dbSizesNone(String target) {
        return "`" + target + "` has no user tables yet.";
    }

    public static String dbIndexesHeader(String target) {
        return "Index health on `" + target + "`";
    }

    public static String dbIndexesClean(String target) {
        return "No unused or duplicate indexes on `" + target + "`, and no large table is read mostly by sequential scans.";
    }

    public static String dbIndexesUnused() {
        return "Never scanned since statistics were last reset (primary keys, unique and constraint indexes are not listed); "
                + "drop them with DROP INDEX CONCURRENTLY after checking replicas and rare jobs.";
    }

    public static String dbIndexesDuplicates() {
        return "Indexes with the same definition on the same table; one of each group is enough.";
    }

    public static String dbIndexesSeqScans() {
        return "Large tables read mostly by sequential scans; a query on them probably lacks an index.";
    }

    public static String dbSlowHeader(String target) {
        return "Slowest statements on `" + target + "` (pg_stat_statements)";
    }

    public static String dbSlowByMean() {
        return "By mean time per call:";
    }

    public static String dbSlowByTotal() {
        return "By total time:";
    }

    public static String dbVacuumFullUseCommand(String table) {
        String t = table == null ? "<table>" : echo(table);
        return "VACUUM FULL locks `" + t + "` against reads and writes for its whole run; use `db vacuum-full " + t
                + "`, which asks you to confirm first.";
    }

    public static String dbVacuumStarting(String what) {
        return "Vacuuming " + what + "…";
    }

    public static String dbVacuumProgress(String relation, String phase, long done, long total) {
        String blocks = total <= 0 ? "" : ", " + done + " of " + total + " blocks (" + (done * 100 / total) + "%)";
        return "Vacuuming `" + relation + "`: " + phase + blocks + ".";
    }

    public static String dbWholeDatabase() {
        return "the whole database";
    }

    public static String dbVacuumDone(String what, boolean full, Duration took) {
        return (full ? "VACUUM FULL of " : "Vacuumed ") + what + (full ? " finished" : "") + " in " + humanPrecise(took);
    }

    public static String dbDeadAfterUnknown() {
        return "not reported yet";
    }

    public static String dbAnalyzeDone(String what, Duration took) {
        return "Analyzed " + what + " in " + humanPrecise(took) + "; the planner has fresh statistics.";
    }

    public static String dbReindexDone(String relation, boolean index, Duration took) {
        return "Rebuilt " + (index ? "index `" : "the indexes of `") + relation + "` in " + humanPrecise(took);
    }

    public static String dbReindexNotConcurrent() {
        return "This server is older than PostgreSQL 12, so REINDEX ran without CONCURRENTLY and blocked writes meanwhile.";
    }

    public static String dbRetentionNoRules(String target) {
        return "`" + target + "` has no retention rules; add them under `caretaker.targets." + target
                + ".retention` (table, column, keep).";
    }

    public static String dbRetentionDryRunHeader(String target) {
        return "Retention on `" + target + "`: dry run, nothing deleted";
    }

    public static String dbRetentionDryRunHint() {
        return "Run `db retention dry-run=false` to delete these rows in batches.";
    }

    public static String dbRetentionHeader(String target) {
        return "Retention on `" + target + "`: old rows deleted";
    }

    public static String dbRetentionProgress(String table, long deleted, int batches) {
        return "Retention: deleted " + deleted + " rows from `" + table + "` in " + batches
                + (batches == 1 ? " batch" : " batches") + " so far…";
    }

    public static String sqlStatementMissing(String command) {
        return "`" + command + "` (kind sql) needs a `statement`, such as SELECT count(*) FROM orders WHERE status = {status}.";
    }

    public static String sqlOneStatement(String command) {
        return "`" + command + "` has more than one statement; a sql command runs exactly one query, so remove the `;`.";
    }

    public static String sqlUnknownPlaceholder(String command, String placeholder) {
        return "`" + command + "` uses {" + placeholder + "} in its statement but declares no arg `" + placeholder
                + "`; declare it under args or fix the name.";
    }

    public static String sqlUnknownTarget(String command, String target, Collection<String> names) {
        return "`" + command + "` names target `" + target + "`, which is not a configured postgres target"
                + (names.isEmpty() ? "" : " (configured: " + String.join(", ", names) + ")") + ".";
    }

    public static String sqlBadSetting(String command, String reason) {
        return "`" + command + "`: " + reason + ".";
    }

    public static String sqlNoRows() {
        return "No rows.";
    }

    public static String sqlRowsCapped(int shown) {
        return "Showing the first " + shown + " rows.";
    }

    // ---- Digest ----------------------------------------------------------------------------------

    public static String cronEmpty() {
        return "the cron expression is empty";
    }

    public static String cronFieldCount(String expression, int fields) {
        return "a cron expression has 5 fields (minute hour day month weekday), `" + echo(expression) + "` has " + fields;
    }

    public static String cronRangeBackwards(String field, String range) {
        return "the " + field + " range `" + echo(range) + "` runs backwards";
    }

    public static String cronOutOfRange(String field, String value, int min, int max) {
        return "the " + field + " `" + echo(value) + "` is outside " + min + "-" + max;
    }

    public static String cronNotANumber(String field, String value) {
        return "the " + field + " `" + echo(value) + "` is not a number";
    }

    public static String digestBadChannel(String key, String text) {
        return "`" + key + ".channel` " + (text.isBlank() ? "is missing" : "`" + echo(text) + "` is not a channel address")
                + "; use slack:C0123ABCD, discord:112233445566778899 or console.";
    }

    public static String digestBadCron(String key, String text, String reason) {
        return "`" + key + ".cron` `" + echo(text) + "` cannot be read: " + reason + "; for every day at 09:00 write \"0 9 * * *\".";
    }

    public static String digestBadZone(String key, String text) {
        return "`" + key + ".zone` `" + echo(text) + "` is not a time zone; use a name like Europe/Berlin or UTC.";
    }

    public static String digestUnknownSection(String key, String section, Collection<String> known) {
        return "`" + key + ".sections` names `" + echo(section) + "`, which does not exist; use all or some of "
                + String.join(", ", known) + ".";
    }

    public static String digestDuplicateName(String name) {
        return "Two digests are named `" + echo(name) + "`; give one of them another `name`.";
    }

    public static String checklistDuplicateName(String name) {
        return "Two checklists are named `" + echo(name) + "`; rename one of them.";
    }

    public static String checklistNeedsName(String key) {
        return "`" + key + "` has no `name`; add one, like weekly.";
    }

    public static String checklistNeedsCron(String key) {
        return "`" + key + "` has no `cron`; say when it is posted, like \"0 9 * * 1\" for Mondays at 09:00.";
    }

    public static String checklistNeedsItems(String key) {
        return "`" + key + "` has no `items`; list what has to be done, one per line.";
    }

    public static String checklistItemNeedsText(String key) {
        return "An item of `" + key + "` has no `text`; say what has to be done.";
    }

    public static String checklistUnknownCheck(String key, String check, Collection<String> kinds) {
        return "An item of `" + key + "` has `check: " + echo(check) + "`, which does not exist; use one of "
                + String.join(", ", kinds) + ", or leave `check` out for a Done button.";
    }

    public static String digestHeader(String day) {
        return "Daily digest, " + day;
    }

    public static String digestHeaderLate(String day, String due) {
        return "Daily digest, " + day + " (late: it was due " + due + ")";
    }

    public static String digestFooter(String at) {
        return "Composed " + at + ". `digest preview` shows it again, `digest now` posts it.";
    }

    public static String digestAllGood(int probes) {
        return "All good: " + (probes == 0 ? "no problems found." : "all " + probes + " probes OK and no alerts firing.");
    }

    public static String digestProblems(int warnings, int criticals) {
        List<String> parts = new java.util.ArrayList<>();
        if (criticals > 0) {
            parts.add(criticals + " critical");
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return "Needs attention: " + String.join(", ", parts) + ".";
    }

    public static String digestNoProbes() {
        return "No probes: add http, tls or disk targets under `caretaker.targets` to see them here.";
    }

    public static String digestProbesSummary(long ok, int total) {
        return "Probes: " + ok + " of " + total + " OK.";
    }

    public static String digestProbesMore(int more) {
        return "… and " + more + " more, all OK or less slow than the ones above.";
    }

    public static String digestHttpAnswered(int status) {
        return "HTTP " + status;
    }

    public static String digestBadUrl() {
        return "the url is missing or not valid";
    }

    public static String digestUnreachable() {
        return "could not connect";
    }

    public static String digestCertificateExpires(java.time.Instant notAfter, boolean trusted) {
        return "expires " + notAfter.toString().substring(0, 10) + (trusted ? "" : ", not trusted");
    }

    public static String digestDiskFree(String free) {
        return free + " free";
    }

    public static String digestDiskUnreadable() {
        return "the path cannot be read";
    }

    public static String digestNoAlerts() {
        return "Alerts: none in the last 24 h.";
    }

    public static String digestAlertsSummary(int count, String bySeverity, String firing, String toAck,
                                             String toResolve) {
        return "Alerts: " + count + " in the last 24 h (" + bySeverity + "); still firing: " + firing
                + "; mean time to acknowledge " + toAck + ", to resolve " + toResolve + ".";
    }

    public static String digestNone() {
        return "none";
    }

    public static String digestPostgresHeading(int targets) {
        return "PostgreSQL: " + targets + (targets == 1 ? " database." : " databases.");
    }

    public static String digestPostgresUnreadable(String target, String why) {
        return "PostgreSQL `" + target + "` could not be read for the digest (" + why + "); `db status target="
                + target + "` tells more.";
    }

    public static String digestConnections(long used, int max, long peak) {
        return used + " of " + max + ", peak " + peak;
    }

    public static String digestSlowestStatements(String target) {
        return "Slowest statements of `" + target + "` (mean time):";
    }

    public static String digestNoStatements(String target) {
        return "Slowest statements of `" + target + "` are not available: pg_stat_statements is not set up (`db slow` says how).";
    }

    public static String digestCertificatesOk(int count, int days) {
        return "TLS: all " + count + (count == 1 ? " certificate is" : " certificates are") + " valid for more than "
                + days + " days.";
    }

    public static String digestCertificatesSoon(int count, int days) {
        return "TLS: " + count + (count == 1 ? " certificate expires" : " certificates expire") + " within " + days
                + " days; renew " + (count == 1 ? "it" : "them") + " now.";
    }

    public static String digestDiskHeading(int count) {
        return "Disk: " + count + (count == 1 ? " path" : " paths") + ".";
    }

    public static String digestNoCommands() {
        return "Commands: nobody ran any in the last 24 h.";
    }

    public static String digestCommandsHeading(int count) {
        return "Commands: " + count + " in the last 24 h.";
    }

    public static String digestChecklistOpen(String checklist, int open, int total, String items) {
        return "Checklist " + checklist + ": " + open + " of " + total + " still open (" + items + ").";
    }

    public static String digestChartTitle() {
        return "HTTP response time, last 24 h";
    }

    public static String digestSectionFailed(String section) {
        return "The " + section + " section could not be put together this time; the log has the details.";
    }

    public static String digestComposing() {
        return "Putting the digest together…";
    }

    public static String digestPosted(String channel, int probes, Duration took) {
        return "Posted the digest to " + channel + " (" + probes + " probes, composed in " + humanPrecise(took) + ").";
    }

    public static String digestNotDelivered(String channel) {
        return "The digest could not be posted to " + channel + "; check that the bot is in that channel, then try again.";
    }

    public static String digestBadChannelArg(String text) {
        return "`" + echo(text) + "` is not a channel address; use slack:C0123ABCD, discord:112233445566778899 or console.";
    }

    public static String checkNoPostgres() {
        return "no PostgreSQL target to check";
    }

    public static String checkVacuumRan(int targets) {
        return "every table with dead rows was vacuumed in the last 7 days (" + targets
                + (targets == 1 ? " database" : " databases") + ")";
    }

    public static String checkVacuumMissing(List<String> tables) {
        return "not vacuumed for 7 days: " + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                + (tables.size() > 5 ? " and " + (tables.size() - 5) + " more" : "") + " (`db vacuum`)";
    }

    public static String checkNoUnusedIndexes(int targets) {
        return "every index was used since statistics were reset (" + targets
                + (targets == 1 ? " database" : " databases") + ")";
    }

    public static String checkUnusedIndexes(List<String> indexes) {
        return "never used: " + String.join(", ", indexes.subList(0, Math.min(5, indexes.size())))
                + (indexes.size() > 5 ? " and " + (indexes.size() - 5) + " more" : "") + " (`db indexes`)";
    }

    public static String checkNoLongTransactions(Duration limit) {
        return "no transaction open for " + human(limit) + " or more";
    }

    public static String checkLongTransactions(List<String> targets) {
        return "long transactions on " + String.join(", ", targets) + " (`db queries`)";
    }

    public static String checkNoTlsTargets() {
        return "no tls target to check";
    }

    public static String checkCertificatesOk(int count, int days) {
        return count + (count == 1 ? " certificate" : " certificates") + " valid for more than " + days + " days";
    }

    public static String checkCertificatesSoon(List<String> targets, int days) {
        return "expiring within " + days + " days: " + String.join(", ", targets);
    }

    public static String checkFailed(String kind) {
        return "the " + kind + " check could not run; tick it by hand";
    }

    public static String checklistHeader(String checklist, String due) {
        return "Checklist " + checklist + ", " + due;
    }

    public static String checklistHeaderLate(String checklist, String due) {
        return "Checklist " + checklist + ", " + due + " (late)";
    }

    public static String checklistFooter(long done, int total) {
        return done + " of " + total + " done. Click Done when you have done an item; the digest lists what is open.";
    }

    public static String checklistDoneBy(String who, String when) {
        return "done by " + who + ", " + when;
    }

    public static String checklistDoneButton(int position, String text) {
        return "Done " + position + ": " + text;
    }

    public static String checklistAuditDone(String checklist, String item) {
        return "Ticked \"" + echo(item) + "\" on checklist " + checklist + ".";
    }

    public static String checklistDoneNeedsRole(String role) {
        return "You need the " + role + " role to tick checklist items. Ask in #ops.";
    }

    public static String checklistItemNotFound() {
        return "That checklist item no longer exists; `checklist show` has the current list.";
    }

    public static String checklistUnknown(String name, List<String> names) {
        return names.isEmpty() ? "There are no checklists; add some under `caretaker.checklists` in the config."
                : "There is no checklist `" + echo(name) + "`; try " + orList(names) + ".";
    }

    public static String checklistNotPostedYet(String name) {
        return "Checklist " + name + " has not been posted yet; it appears here after its first scheduled time.";
    }

    public static String checklistNoneConfigured() {
        return "There are no checklists; add some under `caretaker.checklists` in the config.";
    }

    public static String checklistOverviewLine(String name, int open, int total) {
        return open == 0 ? name + ": all " + total + " items done." : name + ": " + open + " of " + total
                + " items still open (`checklist show " + name + "`).";
    }

    public static String checklistOverviewHeader() {
        return "Checklists";
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

    /** Short durations with tenths of a second (0.4s, 12.3s); longer ones as {@link #human}. */
    public static String humanPrecise(Duration d) {
        if (d.toMillis() < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        return human(d);
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
