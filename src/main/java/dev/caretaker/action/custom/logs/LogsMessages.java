package dev.caretaker.action.custom.logs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static dev.caretaker.reply.Format.human;

/** Sentences of the {@code logs} kind: its declaration in {@code commands/*.yml}, its {@code grep=}, and its replies. */
final class LogsMessages {

    private LogsMessages() {
    }

    // ---- the declaration (boot) ------------------------------------------------------------------------------------

    static String unknownSetting(String key) {
        return "logs commands take sources, max-lines and scan-lines; `" + key + "` is unknown";
    }

    static String sourcesMissing() {
        return "`sources` must map each service to where its log is, e.g. web: {type: kubernetes, deployment: web}";
    }

    static String sourceName(String name) {
        return "source name `" + name + "` must be a lower-case word (letters, digits, - or _), as people type it";
    }

    static String sourceNotAMapping(String service) {
        return "source `" + service + "` must be a mapping with a `type:` (kubernetes, docker, journald or file)";
    }

    static String sourceValueNotPlain(String service, String key) {
        return "`" + key + "` of source `" + service + "` must be a single value";
    }

    static String sourceType(String service, String type) {
        return "source `" + service + "` has " + (type == null ? "no `type`" : "type `" + type + "`")
                + "; use kubernetes, docker, journald or file";
    }

    static String kubernetesOneOf(String service) {
        return "kubernetes source `" + service + "` needs exactly one of `deployment`, `pod` or `selector`";
    }

    static String fileNeedsAbsolutePath(String service) {
        return "file source `" + service + "` needs a `path` that starts with /, e.g. /var/log/app/app.log";
    }

    static String sourceUnknownKey(String service, String type, String key, List<String> keys) {
        return type + " source `" + service + "` takes " + String.join(", ", keys) + "; `" + key + "` is unknown";
    }

    static String sourceMissingKey(String service, String key) {
        return "source `" + service + "` needs `" + key + "`";
    }

    static String sourceBadValue(String service, String key, String value) {
        return "`" + key + "` of source `" + service + "` is not a valid name"
                + (value == null ? "" : " (`" + value + "`)") + "; it must start with a letter or digit";
    }

    static String serviceArgMissing() {
        return "logs commands need a required argument `service` (an enum of the source names works best), "
                + "and may declare lines (int), grep (string) and since (duration)";
    }

    static String argUnknown(String name) {
        return "logs commands take the arguments service, lines, grep and since; `" + name + "` is not one of them";
    }

    static String argType(String name, String type) {
        return "argument `" + name + "` of a logs command must be of type " + type;
    }

    static String choiceWithoutSource(String choice) {
        return "`service` offers `" + choice + "`, which has no source under `sources`";
    }

    static String settingNumber(String key, int min, int max) {
        return "`" + key + "` must be a whole number from " + min + " to " + max;
    }

    // ---- grep= --------------------------------------------------------------------------------------------------------

    static String grepEmpty() {
        return "`grep` is empty; give a word to look for, or a regular expression between slashes like /time(d )?out/.";
    }

    static String grepTooLong(int max) {
        return "`grep` is longer than " + max + " characters; look for a shorter word or pattern.";
    }

    static String grepInvalid(String why) {
        return "`grep` is not a valid regular expression (" + why + "); without the slashes it is looked for as plain text.";
    }

    static String grepBackReference() {
        return "`grep` may not use back-references (\\1, \\k<name>); they can take forever on long lines.";
    }

    static String grepNestedRepeat() {
        return "`grep` repeats a group that itself repeats or has alternatives, like (a+)+ or (a|b)*, which can take "
                + "forever; write it without the outer repeat.";
    }

    static String grepTooSlow() {
        return "`grep` took too long on these lines and was stopped; use a plain word or a simpler pattern.";
    }

    // ---- running ------------------------------------------------------------------------------------------------------

    static String unknownService(String service, Collection<String> known) {
        return "There is no log source `" + service + "`; use one of " + String.join(", ", known) + ".";
    }

    static String fileMissing(String service, String path) {
        return "The log file of `" + service + "` (" + path + ") does not exist; check its path under sources.";
    }

    static String fileUnreadable(String service, String path) {
        return "The log file of `" + service + "` (" + path + ") cannot be read by the bot; check its permissions.";
    }

    static String cannotStart(String program) {
        return "`" + program + "` could not be started; check that it is installed and on the PATH of the bot "
                + "(caretaker.exec.path).";
    }

    static String programFailed(String service, String program, int exit) {
        return "logs " + service + ": " + program + " failed (exit " + exit + ")";
    }

    static String header(String service, int shown, String grep) {
        return "logs " + service + ": " + (grep == null
                ? "last " + shown + (shown == 1 ? " line" : " lines")
                : shown + (shown == 1 ? " line" : " lines") + " matching " + grep);
    }

    static String source() {
        return "Source";
    }

    static String window() {
        return "Window";
    }

    static String windowValue(Duration since) {
        return "last " + human(since);
    }

    static String windowWholeFile() {
        return "end of the file (since does not apply)";
    }

    static String noLines(Duration since) {
        return "No log lines in the last " + human(since) + ".";
    }

    static String noFileLines() {
        return "The log file is empty.";
    }

    static String noMatch(String grep, int scanned) {
        return "No line matches " + grep + " in the last " + scanned + (scanned == 1 ? " line." : " lines.");
    }

    static String linesCapped(long asked, int max) {
        return "Asked for " + asked + " lines; a logs reply shows at most " + max + ".";
    }

    static String scanLimit(int scanned) {
        return "Searched the newest " + scanned + " lines only.";
    }

    static String fileScanLimit(long bytes) {
        return "Searched the last " + (bytes / (1024 * 1024)) + " MiB of the file only.";
    }

    static String outputCut() {
        return "The program printed more than the bot keeps; older lines were dropped.";
    }
}
