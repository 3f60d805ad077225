package dev.caretaker.oncall;

import dev.caretaker.command.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every sentence, header and label of maintenance windows. */
public final class MaintenanceMessages {

    private static final int ECHO_MAX = 60;

    private MaintenanceMessages() {
    }

    // ---- labels ----------------------------------------------------------------------------------------------------

    public static final String COVERS = "Covers";
    public static final String FROM = "From";
    public static final String UNTIL = "Until";
    public static final String BY = "Started by";
    public static final String ALERTMANAGER = "Alertmanager";
    public static final String HELD = "Held alerts";
    public static final String RECHECKED = "Re-checked";
    public static final List<String> FAILING_COLUMNS = List.of("target", "probe", "status", "detail");
    public static final List<String> LIST_COLUMNS = List.of("id", "state", "covers", "from", "until", "reason", "by", "held");

    public static String covers(List<String> targets, Map<String, String> matchers) {
        if (targets.isEmpty() && matchers.isEmpty()) {
            return "everything";
        }
        String t = String.join(", ", targets);
        String m = new TreeMap<>(matchers).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return t.isEmpty() ? m : m.isEmpty() ? t : t + "; " + m;
    }

    public static String state(boolean planned, boolean on, boolean cancelled) {
        return cancelled ? "cancelled" : planned ? "planned" : on ? "on" : "ended";
    }

    // ---- banners and summary -------------------------------------------------------------------------------------

    public static String startHeader(long id, String reason) {
        return "Maintenance #" + id + (reason.isBlank() ? "" : ": " + reason);
    }

    public static String endedHeader(long id, String reason) {
        return "Maintenance #" + id + " ended" + (reason.isBlank() ? "" : ": " + reason);
    }

    public static String startText(String covers, String until) {
        return "Maintenance is on for " + covers + " until " + until + ". Alerts for it are held, not posted: the ones "
                + "still failing at the end are posted then.";
    }

    public static String endedText(String at) {
        return "This window ended at " + at + ".";
    }

    public static String silenced() {
        return "the covered alerts are silenced until the window ends";
    }

    public static String notSilenced() {
        return "not configured (caretaker.alerts.alertmanager-url), so nothing is silenced there";
    }

    public static String summaryHeader(long id) {
        return "Maintenance #" + id + " is over";
    }

    public static String allPass(int probes) {
        return probes == 1 ? "The covered probe passes." : "All " + probes + " covered probes pass.";
    }

    public static String noProbes() {
        return "No probe of Caretaker's covers this window, so nothing was re-checked.";
    }

    public static String stillFailing(int failing, int probes) {
        return failing + " of " + probes + " covered probes still fail" + (failing == 1 ? "s" : "") + ":";
    }

    public static String heldOutcome(int posted, int resolved) {
        if (posted == 0 && resolved == 0) {
            return "none";
        }
        return posted + " still firing (posted now), " + resolved + " resolved during maintenance";
    }

    public static String heldFiringList(String names) {
        return "Still firing after maintenance: " + names;
    }

    public static String endProblems(List<String> problems) {
        return "Also: " + String.join(" ", problems);
    }

    public static String silenceComment(long id, String reason) {
        return "Maintenance #" + id + " from Caretaker" + (reason.isBlank() ? "" : ": " + reason);
    }

    public static String silenceFailed(String why) {
        return "The Alertmanager silence for this window could not be created: " + why
                + " Its alerts are still held here; silence them in Alertmanager if they page elsewhere.";
    }

    public static String hookHeader(String line, String phase, boolean ok) {
        return "The " + phase + " hook `" + echo(line) + "` " + (ok ? "ran" : "did not succeed");
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    public static String opened(long id, String covers, String until, Duration d, List<String> channels) {
        return "Maintenance #" + id + " is on for " + covers + " until " + until + " (" + Durations.format(d)
                + "); alerts for it are held. The banner went to " + String.join(", ", channels) + ".";
    }

    public static String planned(long id, String covers, String from, String until) {
        return "Maintenance #" + id + " for " + covers + " is planned from " + from + " until " + until
                + "; it starts and ends by itself.";
    }

    public static String ended(long id) {
        return "Maintenance #" + id + " is ended; the covered targets are re-checked and a summary of what still fails "
                + "follows in the ops channels.";
    }

    public static String cancelled(long id) {
        return "Maintenance #" + id + " was planned and is cancelled; it had not begun.";
    }

    public static String noSuchWindow(long id) {
        return "There is no maintenance window #" + id + " that is on or planned; `maint status` lists them.";
    }

    public static String noneToEnd() {
        return "No maintenance window is on or planned, so there is nothing to end.";
    }

    public static String severalToEnd(List<Long> ids) {
        return "Several maintenance windows are on or planned (" + ids.stream().map(i -> "#" + i)
                .collect(Collectors.joining(", ")) + "); say which, e.g. `maint off " + ids.get(0) + "`.";
    }

    public static String noneOn() {
        return "No maintenance window is on, and none is planned.";
    }

    public static String noneSince(String since) {
        return "No maintenance window in the last " + since + ".";
    }

    public static String statusHeader(int on, int planned) {
        return "Maintenance: " + on + " on, " + planned + " planned";
    }

    public static String listHeader(String since, int n) {
        return "Maintenance windows in the last " + since + ": " + n;
    }

    public static String heldCounts(int held, int posted, int resolved) {
        return held + " held now, " + posted + " posted after, " + resolved + " resolved during";
    }

    public static String needsDuration() {
        return "Say how long, e.g. `maint on 2h upgrading postgres` or `maint on at=2025-10-25T22:00 duration=2h`.";
    }

    public static String durationOutOfRange(String max) {
        return "A maintenance window lasts from 1m to " + max + "; give a duration in that range.";
    }

    public static String badAt(String text) {
        return "`at` must be a date and time like 2025-10-25T22:00 or 2025-10-25T22:00+02:00, not `" + echo(text) + "`.";
    }

    public static String atInThePast(String at) {
        return "`at` is in the past (" + at + "); leave it out to start now.";
    }

    public static String badTargets(String text) {
        return "`targets` must be names separated by commas, like targets=api,orders-db, not `" + echo(text) + "`.";
    }

    public static String badMatch(String text) {
        return "`match` must be label=value pairs separated by commas, like match=team=web, not `" + echo(text) + "`.";
    }

    // ---- config ------------------------------------------------------------------------------------------------

    public static String badChannel(String key, String text) {
        return key + " must be a channel address like slack:C0123ABCD, discord:112233445566778899 or console, not `"
                + echo(text == null ? "" : text) + "`.";
    }

    public static String badZone(String key, String zone) {
        return key + " must be a time zone like Europe/Berlin, not `" + echo(zone) + "`.";
    }

    public static String badMaxDuration(String key, String text) {
        return key + " must be a duration of at least 1m like 7d, not `" + echo(text) + "`.";
    }

    public static String badHookIdentity(String key, String text) {
        return key + " must be a person's address like slack:U0123ABCD, or console, not `" + echo(text) + "`.";
    }

    public static String hookNotACommand(String key, String why) {
        return key + " is not a command Caretaker knows: " + why;
    }

    public static String hookNeedsApproval(String key, String command) {
        return key + " runs `" + command + "`, which needs a second person's approval; a hook cannot wait for one, so "
                + "choose a command without approval.";
    }

    public static String hookLacksRole(String key, String command, String role) {
        return key + " runs `" + command + "`, which needs the " + role + " role that caretaker.maintenance.hook.as does "
                + "not have; grant it in caretaker.roles or choose another identity.";
    }

    // ---- digest ----------------------------------------------------------------------------------------------------

    public static String digestLine(long id, String state, String covers, String from, String until, String reason,
                                    String held) {
        return "#" + id + " " + state + ": " + covers + ", " + from + " – " + until + (reason.isBlank() ? "" : " (" + reason + ")")
                + "; held alerts: " + held;
    }

    public static String digestHeader() {
        return "Maintenance in the last 24 h";
    }

    private static String echo(String text) {
        String t = text.replace('`', '\'').strip();
        return t.length() <= ECHO_MAX ? t : t.substring(0, ECHO_MAX - 1) + "…";
    }
}
