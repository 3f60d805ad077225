package dev.caretaker.digest;

import java.util.Collection;

import static dev.caretaker.reply.Format.echo;

/** What is wrong with a digest or checklist in the configuration, cron expressions included. */
final class DigestConfigMessages {

    private DigestConfigMessages() {
    }

    static String cronEmpty() {
        return "the cron expression is empty";
    }

    static String cronFieldCount(String expression, int fields) {
        return "a cron expression has 5 fields (minute hour day month weekday), `" + echo(expression) + "` has " + fields;
    }

    static String cronRangeBackwards(String field, String range) {
        return "the " + field + " range `" + echo(range) + "` runs backwards";
    }

    static String cronOutOfRange(String field, String value, int min, int max) {
        return "the " + field + " `" + echo(value) + "` is outside " + min + "-" + max;
    }

    static String cronNotANumber(String field, String value) {
        return "the " + field + " `" + echo(value) + "` is not a number";
    }

    static String digestBadChannel(String key, String text) {
        return "`" + key + ".channel` " + (text.isBlank() ? "is missing" : "`" + echo(text) + "` is not a channel address")
                + "; use slack:C0123ABCD, discord:112233445566778899 or console.";
    }

    static String digestBadCron(String key, String text, String reason) {
        return "`" + key + ".cron` `" + echo(text) + "` cannot be read: " + reason + "; for every day at 09:00 write \"0 9 * * *\".";
    }

    static String digestBadZone(String key, String text) {
        return "`" + key + ".zone` `" + echo(text) + "` is not a time zone; use a name like Europe/Berlin or UTC.";
    }

    static String digestUnknownSection(String key, String section, Collection<String> known) {
        return "`" + key + ".sections` names `" + echo(section) + "`, which does not exist; use all or some of "
                + String.join(", ", known) + ".";
    }

    static String digestDuplicateName(String name) {
        return "Two digests are named `" + echo(name) + "`; give one of them another `name`.";
    }

    static String checklistDuplicateName(String name) {
        return "Two checklists are named `" + echo(name) + "`; rename one of them.";
    }

    static String checklistNeedsName(String key) {
        return "`" + key + "` has no `name`; add one, like weekly.";
    }

    static String checklistNeedsCron(String key) {
        return "`" + key + "` has no `cron`; say when it is posted, like \"0 9 * * 1\" for Mondays at 09:00.";
    }

    static String checklistNeedsItems(String key) {
        return "`" + key + "` has no `items`; list what has to be done, one per line.";
    }

    static String checklistItemNeedsText(String key) {
        return "An item of `" + key + "` has no `text`; say what has to be done.";
    }

    static String checklistUnknownCheck(String key, String check, Collection<String> kinds) {
        return "An item of `" + key + "` has `check: " + echo(check) + "`, which does not exist; use one of "
                + String.join(", ", kinds) + ", or leave `check` out for a Done button.";
    }
}
