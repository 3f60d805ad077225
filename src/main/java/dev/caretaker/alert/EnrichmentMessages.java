package dev.caretaker.alert;

/** Sentences of alert enrichment: a route's {@code attach:} as config says it, and the thread replies it posts. */
final class EnrichmentMessages {

    private EnrichmentMessages() {
    }

    // ---- configuration (boot) --------------------------------------------------------------------------------------

    static String attachNotAList(String key) {
        return key + " must be a list of command lines, like [\"logs {labels.service} lines=50\", \"db queries\"].";
    }

    static String attachBadPlaceholder(String key, String line, String placeholder) {
        return key + " has `" + line + "`, whose `{" + placeholder + "}` is not a label; write {labels.<name>}, "
                + "like {labels.service}.";
    }

    static String attachUnparsable(String key, String line, String why) {
        return key + " has `" + line + "`, which cannot be read as a command line: " + why;
    }

    static String attachUnknownCommand(String key, String line) {
        return key + " has `" + line + "`, which names no command; see `help` for the commands there are.";
    }

    static String attachNotViewer(String key, String command, String role) {
        return key + " attaches `" + command + "`, which needs the " + role + " role; an alert may attach only "
                + "read-only commands any viewer may run.";
    }

    static String attachNeedsConsent(String key, String command) {
        return key + " attaches `" + command + "`, which asks for a confirmation or an approval; an alert may attach "
                + "only commands that run at once.";
    }

    // ---- the thread replies ----------------------------------------------------------------------------------------

    static String attachedBy(String line) {
        return "Attached to this alert by its route: " + line;
    }

    static String failed(String line) {
        return "`" + line + "` failed:";
    }

    static String notRun(String line) {
        return "`" + line + "` could not run:";
    }

    static String missingLabel(String template, String label) {
        return "`" + template + "` was not run: this alert has no label `" + label + "`.";
    }

    static String unusableLabel(String template, String label) {
        return "`" + template + "` was not run: the label `" + label + "` holds a value that cannot be part of a command "
                + "(letters, digits and . _ : / @ - only).";
    }

    static String internalError(String line) {
        return "`" + line + "` could not run because of an error in the bot; its log has the details.";
    }

    static String callerName(String alertname) {
        return "alert " + alertname;
    }
}
