package dev.caretaker.oncall;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** Every sentence, header and label of on-call rotations, overrides, swaps, hand-offs and quiet hours. */
public final class OnCallMessages {

    private static final int ECHO_MAX = 60;

    private OnCallMessages() {
    }

    // ---- labels ----------------------------------------------------------------------------------------------------

    public static final List<String> SHOW_COLUMNS = List.of("rotation", "on call now", "until", "why", "next");
    public static final String STILL_FIRING = "Still firing";
    public static final String ACKED_OPEN = "Acknowledged, not resolved";
    public static final String MAINTENANCE = "Maintenance windows";
    public static final String NONE = "none";
    public static final String CONTACT = "Contact";

    public static String why(OnCallService.Why why) {
        return switch (why) {
            case SCHEDULE -> "schedule";
            case SWAP -> "swap";
            case OVERRIDE -> "override";
        };
    }

    public static String next(String name, String from) {
        return name + " from " + from;
    }

    // ---- oncall ----------------------------------------------------------------------------------------------------

    public static String showHeader() {
        return "On call";
    }

    public static String noRotations() {
        return "No on-call rotation is configured; add one under caretaker.oncall.rotations (see docs/oncall.md).";
    }

    public static String noSuchRotation(String name, List<String> names) {
        return "There is no rotation `" + echo(name) + "`; the rotations are " + String.join(", ", names) + ".";
    }

    public static String whichRotation(List<String> names) {
        return "Say which rotation: " + String.join(", ", names) + ".";
    }

    public static String notAPerson(String typed) {
        return "`" + echo(typed) + "` is nobody in caretaker.oncall.rotations[].people; mention a person listed there, or "
                + "use their name.";
    }

    public static String overrideSet(String mention, String rotation, String until) {
        return mention + " is on call for " + rotation + " until " + until + " (override); the schedule takes over again then.";
    }

    public static String overrideOutOfRange(String max) {
        return "An override lasts from 1m to " + max + "; give a duration in that range.";
    }

    public static String swapSet(String a, String b, String rotation, String from, String to) {
        return a + " and " + b + " trade their turns in " + rotation + " from " + from + " until " + to + ".";
    }

    public static String swapSamePerson() {
        return "A swap needs two different people.";
    }

    public static String notInRotation(String person, String rotation) {
        return person + " is not one of the people of " + rotation + "; a swap trades turns within one rotation.";
    }

    public static String badSwapTime(String key, String text) {
        return "`" + key + "` must be a date like 2025-10-20 or a date and time like 2025-10-20T09:00, not `" + echo(text)
                + "`.";
    }

    public static String swapOutOfOrder() {
        return "`to` must come after `from`.";
    }

    public static String swapTooLong(String max) {
        return "A swap lasts at most " + max + "; split a longer one.";
    }

    // ---- hand-off --------------------------------------------------------------------------------------------------

    public static String handoffHeader(String rotation) {
        return "On-call hand-off: " + rotation;
    }

    public static String handoffText(String mention, String previous, String until) {
        return mention + " takes over from " + previous + " and is on call until " + until + ".";
    }

    public static String handoffStays(String mention, String until) {
        return mention + " stays on call until " + until + ".";
    }

    public static String alertLine(long id, String severity, String name) {
        return "#" + id + " " + severity + " " + name;
    }

    public static String windowLine(long id, String state, String covers, String until) {
        return "#" + id + " " + state + ": " + covers + " until " + until;
    }

    public static String more(int n) {
        return "… and " + n + " more";
    }

    // ---- quiet hours digest ------------------------------------------------------------------------------------------

    public static String quietHeader() {
        return "Held during quiet hours";
    }

    public static String quietLine(long id, String severity, String name, String state, String at) {
        return "#" + id + " " + severity + " " + name + " (" + state + "), held at " + at;
    }

    public static String quietState(boolean open, boolean acked) {
        return !open ? "resolved" : acked ? "acknowledged" : "still firing";
    }

    // ---- config ------------------------------------------------------------------------------------------------

    public static String duplicateRotation(String name) {
        return "Two rotations are named " + name + " in caretaker.oncall.rotations; give each its own name.";
    }

    public static String rotationBadName(String key, String name) {
        return key + " must be a short name of letters, digits, - and _, like primary" + (name.isBlank() ? "; it is missing."
                : ", not `" + echo(name) + "`.");
    }

    public static String badChannel(String key, String text) {
        return key + " must be a channel address like slack:C0123ABCD, discord:112233445566778899 or console, not `"
                + echo(text) + "`.";
    }

    public static String badZone(String key, String zone) {
        return key + " must be a time zone like Europe/Berlin, not `" + echo(zone) + "`.";
    }

    public static String badLength(String key, String text) {
        return key + " must be a number of weeks or days like 1w, 2w or 1d, not `" + echo(text) + "`.";
    }

    public static String badHandoff(String key, String text) {
        return key + " must be a weekday and time like \"monday 09:00\", or a time like \"09:00\" for daily turns, not `"
                + echo(text) + "`.";
    }

    public static String weekdayNeedsWeeks(String handoffKey, String lengthKey) {
        return handoffKey + " names a weekday, so " + lengthKey + " must be whole weeks like 1w; give a time only for "
                + "daily turns.";
    }

    public static String startNotHandoffDay(String key, LocalDate start, DayOfWeek day) {
        return key + " (" + start + ") must be a " + day.name().charAt(0) + day.name().substring(1).toLowerCase(Locale.ROOT)
                + ", the hand-off day.";
    }

    public static String badDate(String key, String text) {
        return key + " must be a date like 2025-01-06, not `" + echo(text) + "`.";
    }

    public static String noPeople(String key) {
        return key + " must list at least one person, each with a name and their slack and/or discord user id.";
    }

    public static String personWithoutName(String key) {
        return key + " is missing; every person of a rotation has a name.";
    }

    public static String badPersonId(String key, String id) {
        return key + " must be a user id of a platform Caretaker knows (slack, discord), like U0123ABCD, not `" + echo(id)
                + "`.";
    }

    public static String personIdsDiffer(String key, String name) {
        return key + " names " + name + " with other ids than an earlier rotation; write a person's ids the same "
                + "everywhere, or only once.";
    }

    public static String badStepAfter(String key, String text) {
        return key + " must be a duration like 15m" + (text == null ? "; it is missing." : ", not `" + echo(text) + "`.");
    }

    public static String stepsOutOfOrder(String key) {
        return key + " must be later than the step before it: steps count from when the alert fired.";
    }

    public static String stepWithoutTarget(String key) {
        return key + " is missing; say which rotation or person the step pages.";
    }

    public static String stepUnknownTarget(String key, String to) {
        return key + " names `" + echo(to) + "`, which is neither a rotation nor a person of one.";
    }

    public static String routeUnknownRotation(String key, String rotation, List<String> names) {
        return key + " names the rotation `" + echo(rotation) + "`, which caretaker.oncall.rotations does not have"
                + (names.isEmpty() ? "." : "; it has " + String.join(", ", names) + ".");
    }

    private static String echo(String text) {
        String t = text == null ? "" : text.replace('`', '\'').strip();
        return t.length() <= ECHO_MAX ? t : t.substring(0, ECHO_MAX - 1) + "…";
    }
}
